package nnworkshop.kernel;

import java.lang.reflect.Proxy;

/**
 * {@code SIGINT} as an interrupt of the running cell instead of the JVM's default (exit). The kernel
 * spec asks Jupyter for interrupts by message ({@code interrupt_mode: message}); this covers a
 * front end, or a person, that sends the signal instead.
 *
 * <p>The JDK's signal API is {@code sun.misc.Signal} (module {@code jdk.unsupported}); it is reached
 * by reflection so that the build carries no "internal proprietary API" warning.
 */
final class Signals {
    private Signals() {}

    /** Calls {@code action} on every {@code SIGINT}; does nothing where the JVM offers no signal API. */
    static void onInterrupt(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object h = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, (proxy, m, args) -> {
                switch (m.getName()) {
                    case "handle" -> action.run();
                    case "hashCode" -> { return System.identityHashCode(proxy); }
                    case "equals" -> { return proxy == args[0]; }
                    case "toString" -> { return "SIGINT → interrupt the cell"; }
                    default -> { }
                }
                return null;
            });
            signal.getMethod("handle", signal, handler).invoke(null, signal.getConstructor(String.class).newInstance("INT"), h);
        } catch (ReflectiveOperationException | IllegalArgumentException | LinkageError e) {
            // no SIGINT here (or the JVM keeps it): interrupts then come by message only
        }
    }
}
