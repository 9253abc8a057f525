package dev.focusnfix.cli.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.cli.Main;
import dev.focusnfix.nn.weights.SafetensorsWriter;
import dev.focusnfix.nn.weights.StateDict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the command line: a backbone plugin's jar in a plugins folder, {@code framework generate} with a
 * reference pipeline file's {@code init_latents}, prompts, steps and guidance; the saved final latents must equal the
 * reference {@code final_latents}. Backbone plugins run it from their integration tests.
 */
public abstract class GenerateParityCheck {

    /** A fresh folder per test. */
    @TempDir
    protected Path temp;

    /** Runs {@code framework generate} on a model folder against its reference pipeline file. */
    protected void assertGenerateReproduces(Path model, Path pipelineFile) throws Exception {
        Path jar = Path.of(System.getProperty("plugin.jar"));
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        Path init = temp.resolve("init.safetensors");
        Path saved = temp.resolve("final.safetensors");
        List<String> args = new ArrayList<>(List.of(
                "generate",
                "--plugins-dir",
                plugins.toString(),
                "--model",
                model.toString(),
                "--init-latents",
                init.toString(),
                "--save-latents",
                saved.toString(),
                "--out",
                temp.resolve("png").toString(),
                "--device",
                "cpu"));
        try (NDManager manager = NDManager.newBaseManager();
                StateDict reference = StateDict.read(pipelineFile, manager, DataType.FLOAT32)) {
            Map<String, String> meta = reference.metadata();
            String prompts = meta.containsKey("prompts") ? meta.get("prompts") : meta.get("prompt");
            for (String p : prompts.split(" \\| ")) {
                args.add("--prompt");
                args.add(p);
            }
            args.addAll(List.of("--steps", meta.get("steps"), "--guidance", meta.get("guidance_scale")));
            long[] shape = reference.get("init_latents").getShape().getShape();
            args.addAll(List.of(
                    "--height",
                    Long.toString(reference.get("image").getShape().get(2)),
                    "--width",
                    Long.toString(reference.get("image").getShape().get(3))));
            SafetensorsWriter.write(init, Map.of("latents", reference.get("init_latents")), Map.of());

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code =
                    Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
            assertEquals(0, code, () -> "generate failed: " + err);
            try (StateDict ours = StateDict.read(saved, manager, DataType.FLOAT32)) {
                TensorAssert.assertMatchesReference(
                        "final_latents", reference.get("final_latents"), ours.get("latents"));
            }
            long pngs;
            try (var files = Files.list(temp.resolve("png"))) {
                pngs = files.filter(f -> f.toString().endsWith(".png")).count();
            }
            assertEquals(shape[0], pngs, "one PNG per prompt; stdout: " + out);
            assertTrue(Arrays.stream(out.toString().split("\n")).allMatch(l -> l.endsWith(".png")), out::toString);
        }
    }
}
