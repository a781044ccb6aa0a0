// TurnServer over TCP (RFC 5766 2.1): listeners, connections as 5-tuples,
// STUN and ChannelData framed on the byte stream.
#include <type_traits>
#include <utility>

#include "agents/turn/server.h"

namespace natlab::turn {

std::optional<StreamRequest> TurnServer::poll_stream_request() {
  if (stream_out_.empty()) return std::nullopt;
  StreamRequest r = std::move(stream_out_.front());
  stream_out_.pop_front();
  return r;
}

void TurnServer::to_client(const FiveTuple& tuple, std::vector<std::uint8_t> bytes) {
  if (tuple.transport == Transport::Udp) {
    out_.push_back(Transmit{tuple.server, tuple.client, std::move(bytes)});
    return;
  }
  auto it = connection_by_tuple_.find(tuple);
  if (it == connection_by_tuple_.end()) return;  // closed while the answer was built
  stream_out_.push_back(StreamSend{it->second, std::move(bytes)});
}

void TurnServer::close_connection(StreamId id, CloseMode mode) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  const FiveTuple tuple = it->second.tuple;
  connection_by_tuple_.erase(tuple);
  connections_.erase(it);
  // RFC 5766 2.2: an allocation is named by its 5-tuple, and a TCP 5-tuple
  // is the connection: once it has ended no request, refresh or ChannelData
  // can reach the allocation again, so it goes now instead of expiring
  // unreachable (coturn does the same).
  delete_allocation(tuple, DeleteReason::ConnectionClosed);
  stream_out_.push_back(StreamClose{id, mode});
}

void TurnServer::handle_stream_event(Time now, const StreamEvent& event) {
  if (deadline_ && now >= *deadline_) housekeeping(now);
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, StreamAccepted>) {
          if (!listeners_.count(e.listener)) return;
          const FiveTuple tuple{e.remote, e.local, Transport::Tcp};
          // A 5-tuple names one connection; a stale entry would be a driver bug.
          if (connection_by_tuple_.count(tuple)) {
            stream_out_.push_back(StreamClose{e.id, CloseMode::Abortive});
            return;
          }
          ++counters_.tcp_connections_accepted;
          connections_.emplace(e.id, TcpConnection{tuple, StreamDeframer(config_.max_stream_buffer)});
          connection_by_tuple_[tuple] = e.id;
        } else if constexpr (std::is_same_v<E, StreamBytes>) {
          auto it = connections_.find(e.id);
          if (it == connections_.end()) return;
          StreamDeframer& d = it->second.deframer;
          d.push(e.bytes);
          const FiveTuple tuple = it->second.tuple;
          while (auto f = d.next()) {
            ++counters_.received_from_clients;
            handle_client(now, tuple, f->bytes);
            // An answer cannot close the connection, but stay safe.
            if (!connections_.count(e.id)) return;
          }
          if (d.error()) {
            // Garbage on the stream: the next message boundary is lost, so
            // the connection cannot go on.
            ++counters_.tcp_framing_errors;
            ++counters_.dropped_malformed;
            close_connection(e.id, CloseMode::Abortive);
          }
        } else if constexpr (std::is_same_v<E, StreamClosed>) {
          ++counters_.tcp_connections_closed;
          close_connection(e.id, CloseMode::Graceful);
        } else if constexpr (std::is_same_v<E, StreamReset>) {
          ++counters_.tcp_connections_closed;
          auto it = connections_.find(e.id);
          if (it == connections_.end()) return;
          const FiveTuple tuple = it->second.tuple;
          connection_by_tuple_.erase(tuple);
          connections_.erase(it);
          delete_allocation(tuple, DeleteReason::ConnectionClosed);  // as above
        } else if constexpr (std::is_same_v<E, StreamFailed>) {
          if (listeners_.erase(e.id)) ++counters_.tcp_listen_failures;
        }
        // StreamConnected: the server makes no active opens.
      },
      event);
  if (deadline_dirty_) refresh_deadline();
}

}  // namespace natlab::turn
