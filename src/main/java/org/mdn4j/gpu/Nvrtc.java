package org.mdn4j.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * NVRTC, CUDA's run-time compiler, through hand-written FFM downcalls: compiles the kernel
 * source to PTX for the device's compute capability, with the compiler's log on failure.
 */
final class Nvrtc {

    /** System property naming the NVRTC library; otherwise the names below are tried in turn. */
    static final String LIBRARY_PROPERTY = "mdn4j.nvrtc.library";
    private static final List<String> LIBRARIES = List.of("libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12",
            "libnvrtc.so.11.2");

    private final MethodHandle createProgram;
    private final MethodHandle compileProgram;
    private final MethodHandle getProgramLogSize;
    private final MethodHandle getProgramLog;
    private final MethodHandle getPtxSize;
    private final MethodHandle getPtx;
    private final MethodHandle destroyProgram;
    private final MethodHandle getErrorString;

    private Nvrtc(SymbolLookup lookup) {
        createProgram = bind(lookup, "nvrtcCreateProgram", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
                ADDRESS);
        compileProgram = bind(lookup, "nvrtcCompileProgram", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
        getProgramLogSize = bind(lookup, "nvrtcGetProgramLogSize", JAVA_INT, ADDRESS, ADDRESS);
        getProgramLog = bind(lookup, "nvrtcGetProgramLog", JAVA_INT, ADDRESS, ADDRESS);
        getPtxSize = bind(lookup, "nvrtcGetPTXSize", JAVA_INT, ADDRESS, ADDRESS);
        getPtx = bind(lookup, "nvrtcGetPTX", JAVA_INT, ADDRESS, ADDRESS);
        destroyProgram = bind(lookup, "nvrtcDestroyProgram", JAVA_INT, ADDRESS);
        getErrorString = bind(lookup, "nvrtcGetErrorString", ADDRESS, JAVA_INT);
    }

    private static MethodHandle bind(SymbolLookup lookup, String name, MemoryLayout result, MemoryLayout... args) {
        return Downcalls.bind(lookup, "NVRTC", name, result, args);
    }

    /** Loads NVRTC, or says which names were tried. */
    static Nvrtc load() {
        String named = System.getProperty(LIBRARY_PROPERTY);
        List<String> names = named != null ? List.of(named) : LIBRARIES;
        for (String library : names) {
            try {
                return new Nvrtc(SymbolLookup.libraryLookup(library, Arena.global()));
            } catch (DeviceException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                // not this name; try the next
            }
        }
        throw new DeviceException("CUDA unavailable: cannot load NVRTC (tried " + String.join(", ", names)
                + "; set -D" + LIBRARY_PROPERTY + "=PATH)");
    }

    /**
     * Compiles {@code source} with {@code options} and returns the PTX as a NUL-terminated
     * string in {@code arena}.
     *
     * @throws DeviceException with NVRTC's error name and the compiler's log when it fails
     */
    MemorySegment compile(Arena arena, String source, String origin, List<String> options) {
        MemorySegment prog = arena.allocate(ADDRESS);
        check((int) Downcalls.invoke(createProgram, prog, arena.allocateFrom(source), arena.allocateFrom("mdn4j.cu"),
                0, MemorySegment.NULL, MemorySegment.NULL), "nvrtcCreateProgram");
        MemorySegment handle = prog.get(ADDRESS, 0);
        try {
            MemorySegment opts = arena.allocate(ADDRESS, options.size());
            for (int i = 0; i < options.size(); i++) {
                opts.setAtIndex(ADDRESS, i, arena.allocateFrom(options.get(i)));
            }
            int rc = (int) Downcalls.invoke(compileProgram, handle, options.size(), opts);
            if (rc != 0) {
                throw new DeviceException("CUDA cannot compile the kernels from " + origin + ": " + errorName(rc)
                        + ": " + log(arena, handle));
            }
            MemorySegment size = arena.allocate(JAVA_LONG);
            check((int) Downcalls.invoke(getPtxSize, handle, size), "nvrtcGetPTXSize");
            MemorySegment ptx = arena.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
            check((int) Downcalls.invoke(getPtx, handle, ptx), "nvrtcGetPTX");
            return ptx;
        } finally {
            Downcalls.invoke(destroyProgram, prog);
        }
    }

    /** The compiler's log, its lines joined with " | " so an error stays one line. */
    private String log(Arena arena, MemorySegment handle) {
        MemorySegment size = arena.allocate(JAVA_LONG);
        if ((int) Downcalls.invoke(getProgramLogSize, handle, size) != 0) {
            return "";
        }
        MemorySegment log = arena.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
        if ((int) Downcalls.invoke(getProgramLog, handle, log) != 0) {
            return "";
        }
        return log.getString(0).strip().replaceAll("\\s*\\R\\s*", " | ");
    }

    private void check(int code, String call) {
        if (code != 0) {
            throw new DeviceException("CUDA " + call + " failed: " + errorName(code));
        }
    }

    /** NVRTC's name for {@code code}, e.g. {@code NVRTC_ERROR_COMPILATION}. */
    private String errorName(int code) {
        MemorySegment s = (MemorySegment) Downcalls.invoke(getErrorString, code);
        return s.equals(MemorySegment.NULL) ? "NVRTC_ERROR(" + code + ")" : s.reinterpret(256).getString(0);
    }
}
