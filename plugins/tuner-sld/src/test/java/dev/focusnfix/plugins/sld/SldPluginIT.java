package dev.focusnfix.plugins.sld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.cli.Main;
import dev.focusnfix.core.plugin.ExtensionKind;
import dev.focusnfix.core.testing.PluginJarHost;
import dev.focusnfix.nn.weights.SafetensorsWriter;
import dev.focusnfix.nn.weights.StateDict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar in a plugins folder: the host registers the {@code sld} tuner and binds its options from YAML,
 * and {@code framework generate --sld ... --init-latents ... --save-latents ...} (the command-line entry point, the
 * sd14 backbone found on the class path) reproduces both configurations of diffusers' SLD reference on tiny-sd: the
 * medium one given as explicit parameters, the strong one as the {@code strong} preset with its warm-up replaced.
 */
class SldPluginIT {

    private static final Path REFERENCE = TestData.path("tiny-sd/expected/sld_ddim10_cfg7.5.safetensors");

    @TempDir
    Path temp;

    @Test
    void hostBindsThePresetAndItsReplacedValues() throws Exception {
        try (PluginJarHost host = PluginJarHost.start(temp, "dev.focusnfix.plugins.sld.SafeLatentDiffusionTuner")) {
            FineTuner<Object> tuner = host.extension(ExtensionKind.TUNER, "sld", "tuner-sld");
            Object options = host.bindOptions(
                    tuner,
                    ExtensionKind.TUNER,
                    "preset: strong\nwarmup-steps: 3\nsafety-concept: red, crimson, scarlet");
            assertEquals(List.of(2000f, 3, 0.025f, 0.5f, 0.7f), parameters(options));
            Method concept = options.getClass().getMethod("safetyConcept");
            assertEquals("red, crimson, scarlet", concept.invoke(options));
        }
    }

    @Test
    void generateWithExplicitParametersReproducesTheMediumReference() throws Exception {
        assertGenerateReproduces(
                "medium", "guidance-scale=1000,warmup-steps=2,threshold=0.01,momentum-scale=0.3,mom-beta=0.4");
    }

    @Test
    void generateWithAPresetAndAReplacedValueReproducesTheStrongReference() throws Exception {
        assertGenerateReproduces("strong", "strong,warmup-steps=1");
    }

    @Test
    void badSldArgumentsAreBadInputWithAHint() throws Exception {
        String err = badInputError("--sld", "mediun");
        assertTrue(err.contains("did you mean 'medium'"), err);
        err = badInputError("--sld", "guidance-scal=3");
        assertTrue(err.contains("did you mean 'guidanceScale'"), err);
        err = badInputError("--safety-concept", "red");
        assertTrue(err.contains("--sld"), err);
    }

    /** Runs {@code generate} of one prompt with {@code sldArguments}, asserts bad input, and returns its errors. */
    private String badInputError(String... sldArguments) throws Exception {
        List<String> args =
                generate("--prompt", "a circle", "--out", temp.resolve("png").toString());
        args.addAll(List.of(sldArguments));
        StringWriter err = new StringWriter();
        int code = Main.execute(
                args.toArray(String[]::new), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(Main.BAD_INPUT, code, err::toString);
        return err.toString();
    }

    /** {@code generate} on tiny-sd with the plugin jar's folder, then {@code more}. */
    private List<String> generate(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "generate",
                "--plugins-dir",
                pluginsFolder().toString(),
                "--model",
                TestData.path("tiny-sd").toString()));
        args.addAll(List.of(more));
        return args;
    }

    private void assertGenerateReproduces(String name, String sld) throws Exception {
        Path init = temp.resolve("init.safetensors");
        Path saved = temp.resolve("final.safetensors");
        Path png = temp.resolve("png");
        try (NDManager manager = NDManager.newBaseManager();
                StateDict reference = StateDict.read(REFERENCE, manager, DataType.FLOAT32)) {
            Map<String, String> meta = reference.metadata();
            assertEquals(
                    sld.startsWith("strong")
                            ? "sld_guidance_scale=2000.0,sld_warmup_steps=1,sld_threshold=0.025,"
                                    + "sld_momentum_scale=0.5,sld_mom_beta=0.7"
                            : "sld_guidance_scale=1000.0,sld_warmup_steps=2,"
                                    + "sld_threshold=0.01,sld_momentum_scale=0.3,sld_mom_beta=0.4",
                    meta.get("sld_" + name));
            SafetensorsWriter.write(init, Map.of("latents", reference.get("init_latents")), Map.of());
            long size = reference.get("init_latents").getShape().get(2) * 8;
            List<String> args = generate(
                    "--prompt",
                    meta.get("prompt"),
                    "--steps",
                    meta.get("steps"),
                    "--guidance",
                    meta.get("guidance_scale"),
                    "--height",
                    Long.toString(size),
                    "--width",
                    Long.toString(size),
                    "--init-latents",
                    init.toString(),
                    "--save-latents",
                    saved.toString(),
                    "--out",
                    png.toString(),
                    "--device",
                    "cpu",
                    "--sld",
                    sld,
                    "--safety-concept",
                    meta.get("safety_concept"));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code =
                    Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
            assertEquals(0, code, () -> "generate failed: " + err);
            try (StateDict ours = StateDict.read(saved, manager, DataType.FLOAT32)) {
                System.out.println("generate --sld " + sld + ": relative L2 to diffusers "
                        + TensorAssert.relativeL2(reference.get("final_latents_" + name), ours.get("latents")));
                TensorAssert.assertMatchesReference(
                        "final_latents_" + name, reference.get("final_latents_" + name), ours.get("latents"));
                assertEquals(sld, ours.metadata().get("sld"));
            }
            assertTrue(out.toString().strip().endsWith(".png"), out::toString);
            assertTrue(Files.isRegularFile(png.resolve("sld.json")), "the procedure is recorded beside the images");
        }
    }

    private Path pluginsFolder() throws Exception {
        Path jar = Path.of(System.getProperty(PluginJarHost.JAR_PROPERTY));
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Path copy = plugins.resolve(jar.getFileName());
        if (!Files.exists(copy)) {
            Files.copy(jar, copy);
        }
        return plugins;
    }

    /** The effective parameters of options loaded by the plugin's class loader, read reflectively. */
    private static List<Object> parameters(Object options) throws Exception {
        Object p = options.getClass().getMethod("parameters").invoke(options);
        List<Object> values = new ArrayList<>();
        for (String name : List.of("guidanceScale", "warmupSteps", "threshold", "momentumScale", "momBeta")) {
            values.add(p.getClass().getMethod(name).invoke(p));
        }
        return values;
    }
}
