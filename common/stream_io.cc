#include "common/stream_io.h"

namespace natlab {

std::string_view to_string(StreamError e) {
  switch (e) {
    case StreamError::AddrInUse: return "address already in use";
    case StreamError::Refused: return "connection refused";
    case StreamError::TimedOut: return "connection timed out";
    case StreamError::Unreachable: return "network unreachable";
  }
  return "unknown";
}

std::string_view to_string(CloseMode m) {
  return m == CloseMode::Graceful ? "graceful" : "abortive";
}

}  // namespace natlab
