#include "reports/graphs/cgraph_ids.h"

#include <map>
#include <string>

namespace natlab::reports::graphs {

namespace {

// cgraph's convention: named objects have even IDs (agnameof asks `print`
// for them), anonymous ones odd IDs. Names are interned in the graph's string
// dictionary, as the default does: cgraph reads flags (an HTML-like label?)
// stored in front of them, and frees them all when the graph closes.
struct Ids {
  Agraph_t* graph = nullptr;
  std::map<std::string, IDTYPE> by_name;
  std::map<IDTYPE, char*> names;
  IDTYPE next_named = 2;
  IDTYPE next_anonymous = 1;
};

void* ids_open(Agraph_t* g, Agdisc_t*) {
  auto* ids = new Ids;
  ids->graph = g;
  return ids;
}

long ids_map(void* state, int, char* str, IDTYPE* id, int createflag) {
  auto* ids = static_cast<Ids*>(state);
  if (!str) {
    *id = ids->next_anonymous;
    ids->next_anonymous += 2;
    return 1;
  }
  auto it = ids->by_name.find(str);
  if (it != ids->by_name.end()) {
    *id = it->second;
    return 1;
  }
  if (!createflag) return 0;
  *id = ids->next_named;
  ids->next_named += 2;
  ids->by_name.emplace(str, *id);
  ids->names.emplace(*id, agstrdup(ids->graph, str));
  return 1;
}

long ids_alloc(void*, int, IDTYPE) { return 0; }  // callers may not choose IDs, as with the default
void ids_free(void*, int, IDTYPE) {}              // names live until the graph's strings are freed
char* ids_print(void* state, int, IDTYPE id) {
  auto* ids = static_cast<Ids*>(state);
  auto it = ids->names.find(id);
  return it == ids->names.end() ? nullptr : it->second;
}
void ids_close(void* state) { delete static_cast<Ids*>(state); }
void ids_register(void*, int, void*) {}

Agiddisc_t g_id_disc = {ids_open, ids_map, ids_alloc, ids_free, ids_print, ids_close, ids_register};
Agdisc_t g_disc = {&AgMemDisc, &g_id_disc, &AgIoDisc};

}  // namespace

Agdisc_t* creation_order_disc() { return &g_disc; }

}  // namespace natlab::reports::graphs
