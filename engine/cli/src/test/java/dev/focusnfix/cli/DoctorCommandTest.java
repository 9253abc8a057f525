package dev.focusnfix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code framework doctor} prints every item, and says why no CUDA device is seen. */
class DoctorCommandTest {

    @Test
    void printsEveryItemOnThisMachine() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(
                Main.OK,
                Main.execute(new String[] {"doctor"}, new PrintWriter(out, true), new PrintWriter(err, true)),
                err.toString());
        String text = out.toString();
        for (String item : new String[] {
            "java ",
            "djl ",
            "engine ",
            "PyTorch 2.7.1",
            "libtorch ",
            "jni ",
            "PYTORCH_LIBRARY_PATH ",
            "PYTORCH_VERSION ",
            "PYTORCH_FLAVOR ",
            "offline ",
            "cuda driver ",
            "cuda devices ",
            "kernels ",
            "models "
        }) {
            assertTrue(text.contains(item), "doctor output lacks '" + item + "':\n" + text);
        }
        // The CPU engine of the tests: libtorch is the loaded CPU build, the bundled fused kernels load.
        assertTrue(text.contains("libtorch_cpu.so"), text);
        assertTrue(text.contains("fused load (attention.pt"), text);
        assertTrue(
                text.lines()
                        .anyMatch(l ->
                                l.startsWith("cuda devices") && (l.contains("none: ") || l.matches(".*\\d+ \\(gpu.*"))),
                text);
    }

    @Test
    void environmentVariablesAreReportedAsGiven() {
        Map<String, String> r = DoctorCommand.report(Map.of("PYTORCH_FLAVOR", "cu128", "DJL_OFFLINE", "true"));
        assertEquals("cu128", r.get("PYTORCH_FLAVOR"));
        assertEquals("(unset)", r.get("PYTORCH_LIBRARY_PATH"));
        assertTrue(
                r.get("offline").startsWith(System.getProperty("ai.djl.offline") == null ? "on" : ""),
                r.get("offline"));
    }

    @Test
    void saysWhyThereIsNoGpu() {
        assertEquals(
                "no NVIDIA driver on this machine",
                DoctorCommand.whyNoGpu(false, "/root/.djl.ai/pytorch/2.7.1-cpu-linux-x86_64/libtorch_cpu.so", null));
        assertTrue(DoctorCommand.whyNoGpu(
                        true, "/root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64/libtorch_cpu.so", null)
                .startsWith("the libtorch in use is the CPU build"));
        assertTrue(DoctorCommand.whyNoGpu(
                        true, "/x/2.7.1-cu128-linux-x86_64/libtorch_cpu.so", "UnsatisfiedLinkError: undefined symbol")
                .startsWith("the PyTorch engine does not start"));
        assertTrue(DoctorCommand.whyNoGpu(true, "/x/2.7.1-cu128-linux-x86_64/libtorch_cpu.so", null)
                .contains("reports no device"));
    }

    @Test
    void aBadKernelsValueIsBadInputOnBenchAndGenerate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(
                Main.BAD_INPUT,
                Main.execute(
                        new String[] {
                            "bench",
                            "--kernels",
                            "composed,flash",
                            "--sizes",
                            "tiny-sd",
                            "--no-training",
                            "--out",
                            dir.resolve("b").toString()
                        },
                        new PrintWriter(out, true),
                        new PrintWriter(err, true)));
        assertTrue(err.toString().contains("--kernels: 'flash' is not one of auto, fused, composed"), err.toString());
        java.nio.file.Files.writeString(dir.resolve("model_index.json"), "{}");
        assertEquals(
                Main.BAD_INPUT,
                Main.execute(
                        new String[] {
                            "generate",
                            "--model",
                            dir.toString(),
                            "--prompt",
                            "a circle",
                            "--out",
                            dir.resolve("g").toString(),
                            "--kernels",
                            "fast"
                        },
                        new PrintWriter(out, true),
                        new PrintWriter(err, true)));
        assertTrue(err.toString().contains("--kernels: 'fast' is not one of auto, fused, composed"), err.toString());
    }
}
