#pragma once
// One-line human summary of a STUN message for traces and reports, e.g.
//   Binding Request tid=b7e7a701bc34d686fa87dfae USERNAME="evtj:h6vY" PRIORITY=1845494271 ...
#include <string>

#include "agents/stun/message.h"

namespace natlab::stun {

std::string method_name(std::uint16_t method);  // "Binding", or "Method0x123"
const char* class_name(Class c);                // "Request", "Indication", "Success", "Error"
std::string summarize(const Message& m);

}  // namespace natlab::stun
