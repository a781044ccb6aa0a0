// TurnClient over TCP (RFC 5766 2.1): one connection to the server, carrying
// STUN requests, Send indications and padded ChannelData out and the
// server's messages in, framed by their own lengths.
#include <type_traits>
#include <utility>

#include "agents/turn/client.h"

namespace natlab::turn {

std::optional<StreamRequest> TurnClient::poll_stream_request() {
  if (stream_out_.empty()) return std::nullopt;
  StreamRequest r = std::move(stream_out_.front());
  stream_out_.pop_front();
  return r;
}

void TurnClient::connect_stream() {
  // A fresh id per connection: events about an old one are ignored.
  stream_id_ = stream_id_ == 0 ? config_.first_stream_id : stream_id_ + 1;
  link_ = Link::Connecting;
  stream_local_.reset();
  deframer_ = StreamDeframer();
  unsent_.clear();
  stream_out_.push_back(StreamConnect{stream_id_, config_.local, config_.server, SocketOptions{}});
}

void TurnClient::close_stream(CloseMode mode) {
  if (link_ == Link::None) return;
  link_ = Link::None;
  unsent_.clear();
  stream_out_.push_back(StreamClose{stream_id_, mode});
}

void TurnClient::to_server(std::vector<std::uint8_t> bytes) {
  if (!over_tcp()) {
    out_.push_back(Transmit{config_.local, config_.server, std::move(bytes)});
    return;
  }
  switch (link_) {
    case Link::Connected: stream_out_.push_back(StreamSend{stream_id_, std::move(bytes)}); return;
    case Link::Connecting: unsent_.push_back(std::move(bytes)); return;
    case Link::None: return;  // nothing to send on; the transaction times out
  }
}

void TurnClient::connection_lost(const std::string& why) {
  link_ = Link::None;
  unsent_.clear();
  // Every transaction on the connection is lost with it.
  for (const auto& [id, r] : pending_) transactions_.cancel(id);
  pending_.clear();
  refresh_in_flight_ = false;
  switch (state_) {
    case ClientState::Allocating:
      state_ = ClientState::Failed;
      emit(AllocateFailed{Failure{0, why}});
      break;
    case ClientState::Allocated:
      // The server deletes the allocation with its connection.
      expire();
      break;
    case ClientState::Deallocating:
      state_ = ClientState::Closed;
      allocation_.reset();
      emit(Deallocated{false});
      break;
    default:
      break;
  }
}

void TurnClient::handle_stream_event(Time now, const StreamEvent& event) {
  if (!over_tcp()) return;
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, StreamAccepted>) {
          // The client listens nowhere.
        } else {
          if (e.id != stream_id_ || link_ == Link::None) return;
          if constexpr (std::is_same_v<E, StreamConnected>) {
            link_ = Link::Connected;
            stream_local_ = e.local;
            while (!unsent_.empty()) {
              stream_out_.push_back(StreamSend{stream_id_, std::move(unsent_.front())});
              unsent_.pop_front();
            }
          } else if constexpr (std::is_same_v<E, StreamFailed>) {
            connection_lost(std::string("TCP connect failed: ") + std::string(to_string(e.error)));
          } else if constexpr (std::is_same_v<E, StreamBytes>) {
            deframer_.push(e.bytes);
            while (auto f = deframer_.next()) {
              handle_message(now, f->bytes);
              if (link_ == Link::None) return;
            }
            if (auto err = deframer_.error()) {
              ++counters_.ignored;
              stream_out_.push_back(StreamClose{stream_id_, CloseMode::Abortive});
              connection_lost(std::string("TCP stream from the server: ") + to_string(*err));
            }
          } else if constexpr (std::is_same_v<E, StreamClosed>) {
            stream_out_.push_back(StreamClose{stream_id_, CloseMode::Graceful});
            connection_lost("TCP connection closed by the server");
          } else if constexpr (std::is_same_v<E, StreamReset>) {
            connection_lost("TCP connection reset by the server");
          }
        }
      },
      event);
  pump();
}

}  // namespace natlab::turn
