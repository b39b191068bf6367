package org.mdn4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where mdn4j looks for NVRTC: the sonames through the dynamic loader first, newest first, then
 * the files that exist in the library folders of the toolkit {@code CUDA_HOME} names (a runfile
 * install that no loader path names); folders that do not exist add nothing.
 */
class NvrtcLibrariesTest {

    private static final List<String> SONAMES = List.of("libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2",
            "libnvrtc.so");

    @TempDir
    Path toolkit;

    @Test
    void sonamesComeFirstThenTheToolkitsFilesThatExist() throws IOException {
        Path lib = Files.createDirectories(toolkit.resolve("lib64"));
        Files.writeString(lib.resolve("libnvrtc.so.13"), "");
        Path targets = Files.createDirectories(toolkit.resolve("targets/x86_64-linux/lib"));
        Files.writeString(targets.resolve("libnvrtc.so.12"), "");
        List<String> names = Nvrtc.candidates(Map.of("CUDA_HOME", toolkit.toString()));
        assertEquals(SONAMES, names.subList(0, SONAMES.size()));
        List<String> files = names.subList(SONAMES.size(), names.size()).stream()
                .filter(n -> n.startsWith(toolkit.toString())).toList();
        assertEquals(List.of(lib.resolve("libnvrtc.so.13").toString(), targets.resolve("libnvrtc.so.12").toString()),
                files);
    }

    @Test
    void aToolkitFolderWithoutNvrtcAddsNothing() {
        List<String> names = Nvrtc.candidates(Map.of("CUDA_HOME", toolkit.toString(), "CUDA_PATH", " "));
        assertEquals(0, names.stream().filter(n -> n.startsWith(toolkit.toString())).count());
        assertEquals(SONAMES, names.subList(0, SONAMES.size()));
    }
}
