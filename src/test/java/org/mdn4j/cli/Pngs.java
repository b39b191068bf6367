package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Checks that a PNG file decodes and is a drawing, not a blank canvas. */
final class Pngs {

    private Pngs() {
    }

    static BufferedImage assertDrawn(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), "written: " + file);
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, "decodes as an image: " + file);
        assertTrue(img.getWidth() > 100 && img.getHeight() > 100, "size of " + file);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, file + " has " + colours.size() + " distinct colours, expected a drawing");
        return img;
    }
}
