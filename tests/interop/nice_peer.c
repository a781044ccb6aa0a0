/* The libnice side of the libnice interop tests (tests/interop/
 * ice_agent_vs_libnice_test.cc): the same file protocol as `natlab
 * ice-agent` from the other side. It gathers, writes libnice's own SDP
 * (nice_agent_generate_local_sdp) to --local-sdp atomically, polls for
 * --remote-sdp and hands it to nice_agent_parse_remote_sdp, runs ICE, then
 * exchanges data packets over the selected pair and prints one JSON line:
 *   {"result":"connected","role":...,"nomination":...,"selected":{"local":{...},
 *    "remote":{...}},"data":{"sent":N,"received":N}}
 * or {"result":"failed","reason":"..."}; exit 0 or 1.
 *
 * A data packet (as in apps/ice_agent_run.cc): byte 0x80, then
 * "natlab-ice-data <seq> <ack>", ack = how many of the other side's packets
 * the sender has received. Each side sends all its packets, then one again
 * every 100 ms in turn until the peer acknowledges all of them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <nice/agent.h>

#define MAX_DATA 10000

static const char *role = "controlling";
static const char *local_sdp;
static const char *remote_sdp;
static const char *stun;
static const char *turn;
static const char *user = "";
static const char *password = "";
static const char *bind_ip;
static const char *nomination = "regular";
static const char *transports = "udp";
static const char *turn_transport = "udp";
static gboolean relay_only;
static int data_count = 5;
static int timeout_s = 60;

static GMainLoop *loop;
static NiceAgent *agent;
static guint stream_id;
static int exit_code = 1;
static gboolean finished;
static gboolean data_started;
static gboolean got[MAX_DATA];
static int received;
static int peer_ack;
static int next_seq;

static void fail(const char *reason) {
  if (finished) return;
  finished = TRUE;
  gchar *escaped = g_strescape(reason, NULL);
  printf("{\"result\":\"failed\",\"reason\":\"%s\"}\n", escaped);
  fflush(stdout);
  g_free(escaped);
  exit_code = 1;
  g_main_loop_quit(loop);
}

static gboolean split_host_port(const char *s, gchar **host, guint *port) {
  const char *colon = strrchr(s, ':');
  if (!colon || colon == s) return FALSE;
  char *end = NULL;
  errno = 0;
  long p = strtol(colon + 1, &end, 10);
  if (errno || *end || p <= 0 || p > 65535) return FALSE;
  *host = g_strndup(s, (gsize)(colon - s));
  *port = (guint)p;
  return TRUE;
}

static const char *type_name(NiceCandidateType t) {
  switch (t) {
    case NICE_CANDIDATE_TYPE_HOST: return "host";
    case NICE_CANDIDATE_TYPE_SERVER_REFLEXIVE: return "srflx";
    case NICE_CANDIDATE_TYPE_PEER_REFLEXIVE: return "prflx";
    case NICE_CANDIDATE_TYPE_RELAYED: return "relay";
  }
  return "unknown";
}

static const char *tcptype_name(NiceCandidateTransport t) {
  switch (t) {
    case NICE_CANDIDATE_TRANSPORT_TCP_ACTIVE: return "active";
    case NICE_CANDIDATE_TRANSPORT_TCP_PASSIVE: return "passive";
    case NICE_CANDIDATE_TRANSPORT_TCP_SO: return "so";
    default: return NULL;
  }
}

static void candidate_json(GString *out, const NiceCandidate *c) {
  gchar addr[NICE_ADDRESS_STRING_LEN];
  nice_address_to_string(&c->addr, addr);
  g_string_append_printf(out, "{\"type\":\"%s\",\"transport\":\"%s\",", type_name(c->type),
                         c->transport == NICE_CANDIDATE_TRANSPORT_UDP ? "udp" : "tcp");
  if (tcptype_name(c->transport)) g_string_append_printf(out, "\"tcptype\":\"%s\",", tcptype_name(c->transport));
  g_string_append_printf(out, "\"address\":\"%s\",\"port\":%u}", addr, nice_address_get_port(&c->addr));
}

static void send_packet(int seq) {
  gchar *text = g_strdup_printf("%cnatlab-ice-data %d %d", 0x80, seq, received);
  nice_agent_send(agent, stream_id, 1, (guint)strlen(text), text);
  g_free(text);
}

static gboolean data_done(void) { return received == data_count && peer_ack >= data_count; }

static void succeed(void) {
  NiceCandidate *local = NULL, *remote = NULL;
  /* The peer may still wait for our acknowledgement: a few copies. */
  for (int i = 0; i < 3; ++i) send_packet(data_count - 1);
  if (!nice_agent_get_selected_pair(agent, stream_id, 1, &local, &remote)) {
    fail("no selected pair");
    return;
  }
  finished = TRUE;
  GString *out = g_string_new(NULL);
  g_string_append_printf(out, "{\"result\":\"connected\",\"role\":\"%s\",\"nomination\":\"%s\",\"selected\":{\"local\":",
                         role, nomination);
  candidate_json(out, local);
  g_string_append(out, ",\"remote\":");
  candidate_json(out, remote);
  g_string_append_printf(out, "},\"data\":{\"sent\":%d,\"received\":%d}}", data_count, received);
  printf("%s\n", out->str);
  fflush(stdout);
  g_string_free(out, TRUE);
  exit_code = 0;
  g_main_loop_quit(loop);
}

static void on_recv(NiceAgent *a, guint stream, guint component, guint len, gchar *buf, gpointer user_data) {
  (void)a, (void)stream, (void)component, (void)user_data;
  if (finished || len < 2 || (guchar)buf[0] != 0x80) return;
  gchar *text = g_strndup(buf + 1, len - 1);
  int seq = 0, ack = 0;
  if (sscanf(text, "natlab-ice-data %d %d", &seq, &ack) == 2) {
    if (seq >= 0 && seq < data_count && !got[seq]) {
      got[seq] = TRUE;
      ++received;
      if (data_started) send_packet(seq); /* carries the new ack at once */
    }
    if (ack > peer_ack) peer_ack = ack;
  }
  g_free(text);
  if (data_started && data_done()) succeed();
}

static gboolean resend(gpointer user_data) {
  (void)user_data;
  if (finished) return G_SOURCE_REMOVE;
  send_packet(next_seq++ % data_count);
  return G_SOURCE_CONTINUE;
}

static void on_state(NiceAgent *a, guint stream, guint component, guint state, gpointer user_data) {
  (void)a, (void)stream, (void)component, (void)user_data;
  if (finished) return;
  if (state == NICE_COMPONENT_STATE_FAILED) {
    fail("ICE failed");
  } else if (state == NICE_COMPONENT_STATE_READY && !data_started) {
    data_started = TRUE;
    for (int i = 0; i < data_count; ++i) send_packet(i);
    g_timeout_add(100, resend, NULL);
    if (data_done()) succeed();
  }
}

static gboolean poll_remote(gpointer user_data) {
  (void)user_data;
  if (finished) return G_SOURCE_REMOVE;
  if (!g_file_test(remote_sdp, G_FILE_TEST_EXISTS)) return G_SOURCE_CONTINUE;
  gchar *text = NULL;
  if (!g_file_get_contents(remote_sdp, &text, NULL, NULL)) return G_SOURCE_CONTINUE;
  int n = nice_agent_parse_remote_sdp(agent, text);
  g_free(text);
  if (n <= 0) fail("nice_agent_parse_remote_sdp rejected the remote description");
  return G_SOURCE_REMOVE;
}

static void on_gathering_done(NiceAgent *a, guint stream, gpointer user_data) {
  (void)stream, (void)user_data;
  gchar *sdp = nice_agent_generate_local_sdp(a);
  gchar *tmp = g_strconcat(local_sdp, ".tmp", NULL);
  GError *error = NULL;
  /* Written whole, then renamed: the peer never reads half of it. */
  if (!g_file_set_contents(tmp, sdp, -1, &error) || rename(tmp, local_sdp) != 0) {
    fail(error ? error->message : "cannot rename the local description into place");
  } else {
    g_timeout_add(50, poll_remote, NULL);
  }
  if (error) g_error_free(error);
  g_free(tmp);
  g_free(sdp);
}

static void on_closed(GObject *source, GAsyncResult *result, gpointer user_data) {
  (void)source, (void)result, (void)user_data;
  g_main_loop_quit(loop);
}

static guint close_guard;

static gboolean close_timeout(gpointer user_data) {
  (void)user_data;
  close_guard = 0;
  g_main_loop_quit(loop);
  return G_SOURCE_REMOVE;
}

static gboolean on_timeout(gpointer user_data) {
  (void)user_data;
  if (!data_started) {
    fail("ICE did not complete in time");
  } else {
    gchar *reason = g_strdup_printf("data: received %d of %d, the peer acknowledged %d", received, data_count,
                                    peer_ack);
    fail(reason);
    g_free(reason);
  }
  return G_SOURCE_REMOVE;
}

int main(int argc, char **argv) {
  GOptionEntry entries[] = {
      {"role", 0, 0, G_OPTION_ARG_STRING, &role, "controlling or controlled", NULL},
      {"local-sdp", 0, 0, G_OPTION_ARG_FILENAME, &local_sdp, "file to write our description to", NULL},
      {"remote-sdp", 0, 0, G_OPTION_ARG_FILENAME, &remote_sdp, "file to read the peer's description from", NULL},
      {"stun", 0, 0, G_OPTION_ARG_STRING, &stun, "IP:PORT of a STUN server", NULL},
      {"turn", 0, 0, G_OPTION_ARG_STRING, &turn, "IP:PORT of a TURN server", NULL},
      {"turn-transport", 0, 0, G_OPTION_ARG_STRING, &turn_transport, "udp or tcp: how to reach --turn (RFC 5766 2.1)",
       NULL},
      {"user", 0, 0, G_OPTION_ARG_STRING, &user, "TURN username", NULL},
      {"password", 0, 0, G_OPTION_ARG_STRING, &password, "TURN password", NULL},
      {"bind", 0, 0, G_OPTION_ARG_STRING, &bind_ip, "local address to gather on (loopback included)", NULL},
      {"nomination", 0, 0, G_OPTION_ARG_STRING, &nomination, "regular or aggressive", NULL},
      {"relay-only", 0, 0, G_OPTION_ARG_NONE, &relay_only, "use only relayed candidates (force-relay)", NULL},
      {"transports", 0, 0, G_OPTION_ARG_STRING, &transports, "udp, tcp or udp,tcp (libnice's ice-udp, ice-tcp)", NULL},
      {"data", 0, 0, G_OPTION_ARG_INT, &data_count, "data packets each side sends", NULL},
      {"timeout", 0, 0, G_OPTION_ARG_INT, &timeout_s, "seconds the whole run may take", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionContext *ctx = g_option_context_new("- libnice peer for natlab's interop tests");
  g_option_context_add_main_entries(ctx, entries, NULL);
  GError *error = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
    fprintf(stderr, "nice_peer: %s\n", error->message);
    return 2;
  }
  g_option_context_free(ctx);
  gboolean controlling = strcmp(role, "controlling") == 0;
  gboolean regular = strcmp(nomination, "regular") == 0;
  gboolean ice_udp = strcmp(transports, "udp") == 0 || strcmp(transports, "udp,tcp") == 0;
  gboolean ice_tcp = strcmp(transports, "tcp") == 0 || strcmp(transports, "udp,tcp") == 0;
  if (!local_sdp || !remote_sdp || (!controlling && strcmp(role, "controlled") != 0) ||
      (!regular && strcmp(nomination, "aggressive") != 0) || (!ice_udp && !ice_tcp) ||
      (strcmp(turn_transport, "udp") != 0 && strcmp(turn_transport, "tcp") != 0) || data_count < 1 || data_count > MAX_DATA) {
    fprintf(stderr, "nice_peer: bad arguments (see --help)\n");
    return 2;
  }

  loop = g_main_loop_new(NULL, FALSE);
  /* libnice nominates aggressively unless told otherwise. */
  agent = nice_agent_new_full(g_main_loop_get_context(loop), NICE_COMPATIBILITY_RFC5245,
                              regular ? NICE_AGENT_OPTION_REGULAR_NOMINATION : NICE_AGENT_OPTION_NONE);
  g_object_set(agent, "controlling-mode", controlling, "ice-udp", ice_udp, "ice-tcp", ice_tcp, "upnp", FALSE, "force-relay", relay_only, NULL);
  if (bind_ip) {
    /* libnice skips loopback interfaces when it gathers by itself. */
    NiceAddress a;
    nice_address_init(&a);
    if (!nice_address_set_from_string(&a, bind_ip)) {
      fprintf(stderr, "nice_peer: --bind: not an address: %s\n", bind_ip);
      return 2;
    }
    nice_agent_add_local_address(agent, &a);
  }
  if (stun) {
    gchar *host = NULL;
    guint port = 0;
    if (!split_host_port(stun, &host, &port)) {
      fprintf(stderr, "nice_peer: --stun: not IP:PORT: %s\n", stun);
      return 2;
    }
    g_object_set(agent, "stun-server", host, "stun-server-port", port, NULL);
    g_free(host);
  }
  stream_id = nice_agent_add_stream(agent, 1);
  nice_agent_set_stream_name(agent, stream_id, "application");
  if (turn) {
    gchar *host = NULL;
    guint port = 0;
    if (!split_host_port(turn, &host, &port)) {
      fprintf(stderr, "nice_peer: --turn: not IP:PORT: %s\n", turn);
      return 2;
    }
    nice_agent_set_relay_info(agent, stream_id, 1, host, port, user, password,
                              strcmp(turn_transport, "tcp") == 0 ? NICE_RELAY_TYPE_TURN_TCP : NICE_RELAY_TYPE_TURN_UDP);
    g_free(host);
  }
  g_signal_connect(agent, "candidate-gathering-done", G_CALLBACK(on_gathering_done), NULL);
  g_signal_connect(agent, "component-state-changed", G_CALLBACK(on_state), NULL);
  nice_agent_attach_recv(agent, stream_id, 1, g_main_loop_get_context(loop), on_recv, NULL);
  g_timeout_add_seconds((guint)timeout_s, on_timeout, NULL);
  if (!nice_agent_gather_candidates(agent, stream_id)) {
    fail("nice_agent_gather_candidates failed");
  } else {
    g_main_loop_run(loop);
  }
  /* Frees the TURN allocations (a Refresh with LIFETIME 0) before exiting. */
  nice_agent_close_async(agent, on_closed, NULL);
  close_guard = g_timeout_add_seconds(5, close_timeout, NULL);
  g_main_loop_run(loop);
  if (close_guard) g_source_remove(close_guard);
  g_object_unref(agent);
  g_main_loop_unref(loop);
  return exit_code;
}
