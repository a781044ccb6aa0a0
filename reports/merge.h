#pragma once
// `natlab merge`: the results documents of sharded runs as one document, as
// if one run had done every scenario.
#include <string>
#include <variant>
#include <vector>

#include "reports/json.h"

namespace natlab::reports {

// Every input must be a natlab 1 results document. Scenarios are ordered by
// file path, compared folder by folder as `natlab run` sorts a folder's files;
// the summary is recounted. A file present in two inputs is an error (the
// same shard merged twice), as is a malformed input: the message says which.
// `names` label the inputs in messages.
std::variant<Json, std::string> merge_results(const std::vector<Json>& documents,
                                              const std::vector<std::string>& names);

}  // namespace natlab::reports
