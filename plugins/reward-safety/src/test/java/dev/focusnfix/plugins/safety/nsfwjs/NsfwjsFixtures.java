package dev.focusnfix.plugins.safety.nsfwjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.api.testkit.TestData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The nsfwjs test data: the built-in model folder, the parity images and the probabilities nsfwjs computed on them
 * in Node.js ({@code src/test/nsfwjs-reference/expected.json}, written by {@code reference.js}).
 */
public final class NsfwjsFixtures {

    /** The folder of the committed reference: images, scripts, expected outputs. */
    public static final Path REFERENCE = Path.of("src/test/nsfwjs-reference");

    /** One image and what nsfwjs said about it. */
    public record Expected(String image, int width, int height, double[] probabilities) {}

    private NsfwjsFixtures() {}

    /** The built-in models folder ({@code engine/models}), beside the test data. */
    public static Path models() {
        return TestData.root().resolveSibling("models");
    }

    /** {@code engine/models/nsfwjs/mobilenet_v2}. */
    public static Path mobileNetV2() {
        return models().resolve("nsfwjs/mobilenet_v2");
    }

    /** Every image of {@code expected.json}, in its order. */
    public static List<Expected> expected() {
        try {
            JsonObject json = JsonParser.parseString(Files.readString(REFERENCE.resolve("expected.json")))
                    .getAsJsonObject();
            List<Expected> out = new ArrayList<>();
            for (JsonElement e : json.getAsJsonArray("results")) {
                JsonObject r = e.getAsJsonObject();
                JsonArray p = r.getAsJsonArray("probabilities");
                double[] probabilities = new double[p.size()];
                for (int i = 0; i < probabilities.length; i++) {
                    probabilities[i] = p.get(i).getAsDouble();
                }
                out.add(new Expected(
                        r.get("image").getAsString(),
                        r.get("width").getAsInt(),
                        r.get("height").getAsInt(),
                        probabilities));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An 8-bit RGB PNG of the reference as {@code [1, 3, H, W]} in [0,1] (the bytes divided by 255, as nsfwjs). */
    public static NDArray image(NDManager manager, String name) {
        BufferedImage image;
        try {
            image = ImageIO.read(REFERENCE.resolve("images").resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        float[] chw = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                chw[y * w + x] = ((rgb >> 16) & 0xFF) / 255f;
                chw[h * w + y * w + x] = ((rgb >> 8) & 0xFF) / 255f;
                chw[2 * h * w + y * w + x] = (rgb & 0xFF) / 255f;
            }
        }
        return manager.create(chw, new Shape(1, 3, h, w));
    }
}
