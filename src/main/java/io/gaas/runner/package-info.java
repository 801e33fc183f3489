/**
 * The reference worker: the program that runs on a GPU machine ({@code java -jar gaas.jar worker ...}),
 * claims approved jobs of its pool over the worker protocol, runs their commands as child processes
 * and reports how they ended. It is a plain JDK program (HTTP client, processes, Jackson for JSON):
 * no Spring context, and nothing from the server's packages, so it talks to the service like any
 * other client.
 */
// A client of the service like any other: it may use none of the server's features.
@ApplicationModule(allowedDependencies = {})
package io.gaas.runner;

import org.springframework.modulith.ApplicationModule;
