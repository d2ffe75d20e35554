package dev.gmp.agent;

import dev.gmp.agent.bootstrap.GmpBridge;

/**
 * Publishes the runtime dispatch to the bootstrap bridge. A class of its own because the verifier loads the
 * types of an assignment ({@code RuntimeDispatch} to {@code GmpBridge.Dispatch}) when it verifies the method
 * that makes it: had {@link AgentStarter} made it, the application class loader would have defined its own
 * {@code GmpBridge$Dispatch} before the bridge reached the bootstrap class path (a loader-constraint error at
 * the first call). This class is first touched after {@link BootstrapBridgeInjector#inject}.
 */
final class BridgeInstaller {
    private BridgeInstaller() {}

    /** Links the dispatch path (see {@link RuntimeDispatch#preload}) and returns it, not yet published. */
    static Object prepare(boolean route) throws ClassNotFoundException {
        RuntimeDispatch d = new RuntimeDispatch(route);
        d.preload();
        return d;
    }

    static void publish(Object prepared) {
        GmpBridge.install((GmpBridge.Dispatch) prepared);
    }
}
