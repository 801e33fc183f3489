package io.gaas.runner;

/** A claimed job and how often the service wants to hear about it. */
record Claim(ServerJob job, int heartbeatSeconds) {
}
