package org.mdn4j.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NVRTC, CUDA's run-time compiler, through hand-written FFM downcalls: compiles the kernel
 * source for the device's compute capability, with the compiler's log on failure.
 *
 * <p>It asks for machine code first ({@code --gpu-architecture=sm_XY}, {@code nvrtcGetCUBIN}):
 * the driver loads a CUBIN as it is, whereas PTX is compiled again by the driver's own JIT,
 * which refuses PTX from an NVRTC newer than the driver ({@code CUDA_ERROR_UNSUPPORTED_PTX_VERSION}),
 * a pairing the CUDA minor-version compatibility rules otherwise allow. An NVRTC that cannot
 * emit machine code for the device (too old for it, or older than CUDA 11.1, without
 * {@code nvrtcGetCUBIN}) falls back to PTX for {@code compute_XY}.
 */
final class Nvrtc {

    /** System property naming the NVRTC library; otherwise the names below are tried in turn. */
    static final String LIBRARY_PROPERTY = "mdn4j.nvrtc.library";
    /**
     * System property: {@code true} lets NVRTC contract {@code a*b + c} into fused multiply-adds.
     * By default it does not ({@code --fmad=false}): the kernels then round as the scalar twins'
     * separate multiply and add do, which the device tests hold them to (with contraction, on an
     * H100, the tanh derivative {@code 1 - y*y} near |y| = 1 and the squared error's bits left
     * those bounds, and the large problem, N = 2^20, trained no faster: 187 against 169–186 epochs/s).
     * Every sum keeps its fixed order either way, so a run repeats bit for bit.
     */
    static final String FMAD_PROPERTY = "mdn4j.cuda.fmad";
    /** NVRTC's sonames, newest first; {@code libnvrtc.so} is the toolkit's development link to its own. */
    private static final List<String> SONAMES = List.of("libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2",
            "libnvrtc.so");
    /**
     * Where toolkits put their libraries when the dynamic loader's path does not name them (a
     * runfile install adds no ld.so.conf entry): the toolkit that {@code CUDA_HOME} or
     * {@code CUDA_PATH} names, then {@code /usr/local/cuda}.
     */
    private static final List<String> TOOLKIT_LIBRARY_DIRS = List.of("lib64", "targets/x86_64-linux/lib",
            "targets/sbsa-linux/lib");

    /** A compiled module image: a NUL-terminated PTX text or a CUBIN, for {@code cuModuleLoadData}. */
    record Image(MemorySegment data, String kind) {
    }

    private final MethodHandle createProgram;
    private final MethodHandle compileProgram;
    private final MethodHandle getProgramLogSize;
    private final MethodHandle getProgramLog;
    private final MethodHandle getPtxSize;
    private final MethodHandle getPtx;
    /** Null in an NVRTC older than CUDA 11.1, which has no CUBIN output. */
    private final MethodHandle getCubinSize;
    private final MethodHandle getCubin;
    private final MethodHandle destroyProgram;
    private final MethodHandle getErrorString;
    private final String library;

    private Nvrtc(SymbolLookup lookup, String library) {
        this.library = library;
        createProgram = bind(lookup, "nvrtcCreateProgram", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
                ADDRESS);
        compileProgram = bind(lookup, "nvrtcCompileProgram", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
        getProgramLogSize = bind(lookup, "nvrtcGetProgramLogSize", JAVA_INT, ADDRESS, ADDRESS);
        getProgramLog = bind(lookup, "nvrtcGetProgramLog", JAVA_INT, ADDRESS, ADDRESS);
        getPtxSize = bind(lookup, "nvrtcGetPTXSize", JAVA_INT, ADDRESS, ADDRESS);
        getPtx = bind(lookup, "nvrtcGetPTX", JAVA_INT, ADDRESS, ADDRESS);
        boolean cubin = lookup.find("nvrtcGetCUBINSize").isPresent() && lookup.find("nvrtcGetCUBIN").isPresent();
        getCubinSize = cubin ? bind(lookup, "nvrtcGetCUBINSize", JAVA_INT, ADDRESS, ADDRESS) : null;
        getCubin = cubin ? bind(lookup, "nvrtcGetCUBIN", JAVA_INT, ADDRESS, ADDRESS) : null;
        destroyProgram = bind(lookup, "nvrtcDestroyProgram", JAVA_INT, ADDRESS);
        getErrorString = bind(lookup, "nvrtcGetErrorString", ADDRESS, JAVA_INT);
    }

    private static MethodHandle bind(SymbolLookup lookup, String name, MemoryLayout result, MemoryLayout... args) {
        return Downcalls.bind(lookup, "NVRTC", name, result, args);
    }

    /**
     * Loads NVRTC: the library the property names, else the first of {@link #candidates} that
     * loads; or says which were tried.
     */
    static Nvrtc load() {
        String named = System.getProperty(LIBRARY_PROPERTY);
        List<String> names = named != null ? List.of(named) : candidates(System.getenv());
        for (String library : names) {
            try {
                return new Nvrtc(SymbolLookup.libraryLookup(library, Arena.global()), library);
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
     * The libraries to try, in order: each soname through the dynamic loader's own search
     * ({@code LD_LIBRARY_PATH}, {@code ld.so.cache}), then each soname that exists as a file in
     * the library folders of the toolkits {@code CUDA_HOME}, {@code CUDA_PATH} and
     * {@code /usr/local/cuda}.
     */
    static List<String> candidates(Map<String, String> env) {
        List<String> names = new ArrayList<>(SONAMES);
        Set<Path> toolkits = new LinkedHashSet<>();
        for (String variable : List.of("CUDA_HOME", "CUDA_PATH")) {
            String home = env.get(variable);
            if (home != null && !home.isBlank()) {
                toolkits.add(Path.of(home));
            }
        }
        toolkits.add(Path.of("/usr/local/cuda"));
        for (Path toolkit : toolkits) {
            for (String dir : TOOLKIT_LIBRARY_DIRS) {
                for (String soname : SONAMES) {
                    Path file = toolkit.resolve(dir).resolve(soname);
                    if (Files.isRegularFile(file)) {
                        names.add(file.toString());
                    }
                }
            }
        }
        return names;
    }

    /** The library this NVRTC was loaded from. */
    String library() {
        return library;
    }

    /**
     * Compiles {@code source} for a device of compute capability {@code major.minor}: a CUBIN
     * where this NVRTC can emit one for it, else PTX (see the class comment).
     *
     * @throws DeviceException with NVRTC's error name and the compiler's log when it fails
     */
    Image compile(Arena arena, String source, String origin, int major, int minor) {
        String arch = major + "" + minor;
        DeviceException machineCode = null;
        if (getCubin != null) {
            try {
                return new Image(compile(arena, source, origin, "sm_" + arch, getCubinSize, getCubin, "nvrtcGetCUBIN"),
                        "sm_" + arch + " CUBIN");
            } catch (DeviceException e) {
                machineCode = e;
            }
        }
        try {
            return new Image(compile(arena, source, origin, "compute_" + arch, getPtxSize, getPtx, "nvrtcGetPTX"),
                    "compute_" + arch + " PTX");
        } catch (DeviceException e) {
            // a source that does not compile fails both ways: the first failure has the log that matters
            throw machineCode != null ? machineCode : e;
        }
    }

    /**
     * Compiles {@code source} for {@code --gpu-architecture=arch}, without FMA contraction unless
     * {@link #FMAD_PROPERTY} is {@code true}, and returns the output that {@code getSize} and
     * {@code get} ({@code call}) give, in {@code arena}.
     */
    private MemorySegment compile(Arena arena, String source, String origin, String arch, MethodHandle getSize,
                                  MethodHandle get, String call) {
        String fmad = "--fmad=" + "true".equalsIgnoreCase(System.getProperty(FMAD_PROPERTY, "false").trim());
        List<String> options = List.of(fmad, "--gpu-architecture=" + arch);
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
                throw new DeviceException("CUDA cannot compile the kernels from " + origin + " for " + arch + ": "
                        + errorName(rc) + ": " + log(arena, handle));
            }
            MemorySegment size = arena.allocate(JAVA_LONG);
            check((int) Downcalls.invoke(getSize, handle, size), call + "Size");
            // the PTX size counts its terminating NUL; a CUBIN is an ELF image, loaded by its headers
            MemorySegment image = arena.allocate(Math.max(1, size.get(JAVA_LONG, 0)), 8);
            check((int) Downcalls.invoke(get, handle, image), call);
            return image;
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
