package org.mdn4j.gpu;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The CUDA backend's FFM layer against stand-ins for the driver and NVRTC
 * ({@code src/test/resources/cuda-stub}), built here with the C compiler, so that the bindings
 * run where there is no GPU: the driver stub is compiled against the toolkit's {@code cuda.h}
 * where one is installed (so its functions have the real prototypes), keeps device memory in
 * host memory, refuses a call without {@code cuInit} or without the context current on the
 * calling thread, and records each launch. Checked: start-up (primary context, the CUBIN with
 * its architecture, the PTX fallback), copies both ways and on the device, a launch's grid and
 * {@code kernelParams} (each argument's value behind its pointer: device pointers, ints, floats),
 * a launch from another thread, the error names of a failing call and of a kernel that does not
 * compile, and that close releases every buffer, the module and the context. Skipped where there
 * is no C compiler.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CudaDriverStubTest {

    // indices into the stub's stub_state[] (cuda_stub.c)
    private static final int RETAINS = 1;
    private static final int RELEASES = 2;
    private static final int SET_CURRENT = 3;
    private static final int ALLOCS = 4;
    private static final int FREES = 5;
    private static final int LOADS = 6;
    private static final int UNLOADS = 7;
    private static final int SYNCS = 8;
    private static final int LAUNCHES = 9;
    private static final int IMAGE_KIND = 10;
    private static final int GRID_X = 11;
    private static final int PARAMS = 20;

    private Path dir;
    private MemorySegment state;
    private MemorySegment refuseMachineCode;
    private MemorySegment lastKernel;
    private String skipped;

    @BeforeAll
    void buildTheStubs() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("mdn4j-cuda-stub");
        List<String> cudaFlags = new ArrayList<>();
        if (Files.isRegularFile(Path.of("/usr/local/cuda/include/cuda.h"))) {
            cudaFlags.add("-DWITH_CUDA_H");
            cudaFlags.add("-I/usr/local/cuda/include");
        }
        Path cuda = build("cuda_stub.c", "libcuda-stub.so", cudaFlags);
        Path nvrtc = build("nvrtc_stub.c", "libnvrtc-stub.so", List.of());
        if (skipped != null) {
            return;
        }
        System.setProperty(Cuda.LIBRARY_PROPERTY, cuda.toString());
        System.setProperty(Nvrtc.LIBRARY_PROPERTY, nvrtc.toString());
        SymbolLookup driver = SymbolLookup.libraryLookup(cuda, Arena.global());
        state = driver.find("stub_state").orElseThrow().reinterpret(8L * (PARAMS + 16));
        lastKernel = driver.find("stub_last_kernel").orElseThrow().reinterpret(64);
        refuseMachineCode = SymbolLookup.libraryLookup(nvrtc, Arena.global()).find("stub_nvrtc_refuse_sm")
                .orElseThrow().reinterpret(4);
    }

    /** Compiles one stub into {@code dir}; a missing compiler skips the class, a failing build fails it. */
    private Path build(String source, String library, List<String> flags) throws IOException, InterruptedException {
        if (skipped != null) {
            return null;
        }
        Path c = dir.resolve(source);
        try (InputStream in = getClass().getResourceAsStream("/cuda-stub/" + source)) {
            Files.copy(in, c);
        }
        Path so = dir.resolve(library);
        List<String> command = new ArrayList<>(List.of("cc", "-shared", "-fPIC", "-Wall", "-Werror"));
        command.addAll(flags);
        command.addAll(List.of("-o", so.toString(), c.toString()));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            skipped = "no C compiler (cc) to build the CUDA stubs: " + e.getMessage();
            return null;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "cc finishes");
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed: " + log);
        return so;
    }

    @BeforeEach
    void needsTheStubs() {
        assumeTrue(skipped == null, () -> skipped);
        refuseMachineCode.set(JAVA_INT, 0, 0);
    }

    @AfterAll
    void clearProperties() {
        System.clearProperty(Cuda.LIBRARY_PROPERTY);
        System.clearProperty(Nvrtc.LIBRARY_PROPERTY);
        System.clearProperty(KernelSource.DIRECTORY_PROPERTY);
    }

    private long stub(int index) {
        return state.getAtIndex(JAVA_LONG, index);
    }

    @Test
    void opensWithTheCubinForTheDeviceAndReleasesEverythingOnClose() {
        long retains = stub(RETAINS);
        long releases = stub(RELEASES);
        long allocs = stub(ALLOCS);
        long frees = stub(FREES);
        try (CudaDevice d = CudaDevice.open()) {
            assertEquals("cuda (Stub GPU, compute 9.0, sm_90 CUBIN)", d.describe());
            assertEquals(1, stub(IMAGE_KIND), "the module was loaded from the CUBIN");
            d.buffer(10);
            d.buffer(0);
        }
        assertEquals(1, stub(RETAINS) - retains, "the primary context retained once");
        assertEquals(1, stub(RELEASES) - releases, "and released");
        assertEquals(2, stub(ALLOCS) - allocs);
        assertEquals(2, stub(FREES) - frees, "every buffer freed");
        assertEquals(stub(LOADS), stub(UNLOADS), "every module unloaded");
    }

    @Test
    void anNvrtcWithoutMachineCodeForTheDeviceFallsBackToPtx() {
        refuseMachineCode.set(JAVA_INT, 0, 1);
        try (CudaDevice d = CudaDevice.open()) {
            assertEquals("cuda (Stub GPU, compute 9.0, compute_90 PTX)", d.describe());
            assertEquals(2, stub(IMAGE_KIND), "the module was loaded from the PTX text");
        }
    }

    @Test
    void copiesRoundTripAndDeviceCopiesMove() {
        try (CudaDevice d = CudaDevice.open()) {
            DeviceBuffer a = d.buffer(5);
            DeviceBuffer b = d.buffer(5);
            float[] values = {1.5f, -2f, Float.MIN_VALUE, Float.NaN, 7f};
            d.write(a, 0, values, 0, 5);
            d.write(a, 3, new int[] {0x7f7fffff}, 0, 1);
            d.copy(a, b, 5);
            float[] back = new float[5];
            d.read(b, 0, back, 0, 5);
            float[] expected = values.clone();
            expected[3] = Float.intBitsToFloat(0x7f7fffff);
            assertArrayEquals(expected, back);
            assertEquals(-2f, d.read(b, 1));
        }
    }

    @Test
    void aLaunchPassesEachArgumentsValueBehindItsPointer() {
        try (CudaDevice d = CudaDevice.open()) {
            DeviceBuffer x = d.buffer(8);
            DeviceBuffer out = d.buffer(8);
            long launches = stub(LAUNCHES);
            d.launch("reduce_sum", 1000, x, 3, 1000, 256, 0.5f, out, 7);
            assertEquals(launches + 1, stub(LAUNCHES));
            assertEquals("reduce_sum", lastKernel());
            assertEquals(4, stub(GRID_X), "ceil(1000 / 256) blocks");
            assertArrayEquals(new long[] {1, 1, CudaDevice.BLOCK, 1, 1, 0, 0, 0},
                    new long[] {stub(GRID_X + 1), stub(GRID_X + 2), stub(GRID_X + 3), stub(GRID_X + 4),
                        stub(GRID_X + 5), stub(GRID_X + 6), stub(GRID_X + 7), stub(GRID_X + 8)},
                    "grid y, z; block x, y, z; shared memory; the default stream; no extra");
            assertEquals(x.handle().address(), stub(PARAMS), "a device pointer, 64 bits");
            assertEquals(3, (int) stub(PARAMS + 1));
            assertEquals(1000, (int) stub(PARAMS + 2));
            assertEquals(256, (int) stub(PARAMS + 3));
            assertEquals(Float.floatToIntBits(0.5f), (int) stub(PARAMS + 4), "a float's bits");
            assertEquals(out.handle().address(), stub(PARAMS + 5));
            assertEquals(7, (int) stub(PARAMS + 6));
            d.launch("reduce_sum", 0, x, 0, 0, 1, 1f, out, 0);
            assertEquals(launches + 1, stub(LAUNCHES), "no launch for no work-items");
        }
    }

    @Test
    void anotherThreadMakesTheContextCurrentBeforeItsCalls() throws InterruptedException {
        try (CudaDevice d = CudaDevice.open()) {
            DeviceBuffer x = d.buffer(4);
            long setCurrent = stub(SET_CURRENT);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    d.write(x, 0, new float[] {1, 2, 3, 4}, 0, 4);
                    d.launch("adam", 4, x, x, 4, 0.1f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.001f, x);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            t.join();
            assertEquals(null, failure.get(), "calls from the second thread");
            assertEquals(setCurrent + 1, stub(SET_CURRENT), "made current once on the new thread");
            assertEquals(3f, d.read(x, 2), "and back on this thread");
            assertEquals(setCurrent + 2, stub(SET_CURRENT));
        }
    }

    @Test
    void aFailingCallNamesTheDriversError() {
        try (CudaDevice d = CudaDevice.open()) {
            DeviceException e = assertThrows(DeviceException.class, () -> d.launch("no_such_kernel", 1));
            assertEquals("CUDA cuModuleGetFunction(no_such_kernel) failed: CUDA_ERROR_NOT_FOUND", e.getMessage());
        }
    }

    @Test
    void aKernelThatDoesNotCompileNamesNvrtcsErrorAndLogAndReleasesTheContext() throws IOException {
        Path kernels = Files.createDirectories(dir.resolve("broken"));
        Files.copy(Path.of("kernels", KernelSource.HEADER), kernels.resolve(KernelSource.HEADER),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(kernels.resolve(KernelSource.KERNELS), "KERNEL broken(GLOBAL float *x) { x[0] = undeclared; }\n");
        long retains = stub(RETAINS);
        long releases = stub(RELEASES);
        System.setProperty(KernelSource.DIRECTORY_PROPERTY, kernels.toString());
        try {
            DeviceException e = assertThrows(DeviceException.class, CudaDevice::open);
            assertTrue(e.getMessage().startsWith("CUDA cannot compile the kernels from " + kernels + " for sm_90: "
                    + "NVRTC_ERROR_COMPILATION: mdn4j.cu(2): error: identifier \"undeclared\" is undefined | "),
                    e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line");
        } finally {
            System.clearProperty(KernelSource.DIRECTORY_PROPERTY);
        }
        assertEquals(stub(RETAINS) - retains, stub(RELEASES) - releases, "the context released after the failure");
    }

    @Test
    void closeSynchronisesFirst() {
        long syncs = stub(SYNCS);
        CudaDevice.open().close();
        assertEquals(syncs + 1, stub(SYNCS));
    }

    private String lastKernel() {
        return lastKernel.getString(0);
    }
}
