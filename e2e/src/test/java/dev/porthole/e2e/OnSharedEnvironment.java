package dev.porthole.e2e;

/** Tests that use the shared server and runner, which they neither stop nor kill. */
abstract class OnSharedEnvironment {
    static final Environment env = Environment.shared();
    static final Api api = env.api();
}
