package org.mdn4j.gpu;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/** Binding and calling C functions of a driver library: what every FFM binding in this package does. */
final class Downcalls {

    private static final Linker LINKER = Linker.nativeLinker();

    private Downcalls() {
    }

    /**
     * The downcall handle of {@code name} in {@code lookup}.
     *
     * @throws DeviceException "{@code api} unavailable: the library has no function …"
     */
    static MethodHandle bind(SymbolLookup lookup, String api, String name, MemoryLayout result, MemoryLayout... args) {
        MemorySegment symbol = lookup.find(name).orElseThrow(
                () -> new DeviceException(api + " unavailable: the library has no function " + name));
        return LINKER.downcallHandle(symbol, FunctionDescriptor.of(result, args));
    }

    /** Calls a downcall; C functions throw nothing, so only the JVM's own exceptions pass through. */
    static Object invoke(MethodHandle handle, Object... args) {
        try {
            return handle.invokeWithArguments(args);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** What a downcall threw, for a caller that invokes the handle itself (with {@code invokeExact}). */
    static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native downcall failed", t);
    }
}
