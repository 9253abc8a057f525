package dev.focusnfix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.core.evaluation.EvaluationFiles;
import dev.focusnfix.core.evaluation.EvaluationSummary;
import dev.focusnfix.core.evaluation.ImageEvaluation;
import dev.focusnfix.core.evaluation.ProbeResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareAndSweepTest {

    @TempDir
    Path dir;

    /** FineTuner.tableParameters of Focus-N-Fix: beta, then K. */
    private static final Map<String, Double> FNF = fnf();

    private static Map<String, Double> fnf() {
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put("beta", 5e-4);
        parameters.put("K", 2.0);
        return parameters;
    }

    private Path evaluatedRun(
            String name, String method, Map<String, Double> parameters, double before, double after, double psnr)
            throws Exception {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(run.resolve("experiment.yaml"), "name: " + name + "\n");
        ImageEvaluation image = new ImageEvaluation(
                0, "a circle", 1, before, after, Map.of(), psnr, 0.9, Double.NaN, 15, psnr, 0.5, 0.95, 0.2);
        EvaluationFiles.write(
                run.resolve(EvaluationSummary.FILE),
                new EvaluationSummary(
                        method,
                        parameters.getOrDefault("beta", Double.NaN),
                        parameters,
                        1,
                        before,
                        after,
                        psnr,
                        0.9,
                        Double.NaN,
                        psnr,
                        15,
                        1.0,
                        0.0,
                        0.05,
                        Map.of(),
                        Map.of(),
                        List.of(new ProbeResult("still red", 4, 1.0, 0.75)),
                        List.of(image)));
        return run;
    }

    @Test
    void compareTabulatesEvaluatedRunsAndWritesMarkdownCsvAndHtml() throws Exception {
        Path draft = evaluatedRun("draft", "draft", Map.of("K", 1.0), -0.9, -0.1, 14.5);
        Path fnf = evaluatedRun("fnf", "focus-n-fix", FNF, -0.9, -0.2, 23.25);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(
                new String[] {
                    "compare",
                    draft.toString(),
                    fnf.toString(),
                    "--out",
                    dir.resolve("cmp").toString()
                },
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(0, code, err::toString);
        String md = out.toString();
        assertTrue(md.contains("draft (draft)") && md.contains("focus-n-fix (fnf)"), md);
        assertTrue(md.contains("23.25") && md.contains("14.5"), md);
        for (String f : List.of("compare.md", "compare.csv", "compare.html")) {
            assertTrue(Files.exists(dir.resolve("cmp").resolve(f)), f);
        }
        List<String> csv =
                Files.readString(dir.resolve("cmp/compare.csv")).lines().toList();
        assertEquals(3, csv.size(), "header and two rows");
        // a column per tuner parameter, first-seen order; DRaFT has no beta
        assertTrue(csv.get(0).startsWith("Method,K,β,Reward before,Reward after,"), csv.get(0));
        assertTrue(csv.get(1).startsWith("draft (draft),1,,-0.9,-0.1,"), csv.get(1));
        assertTrue(csv.get(2).startsWith("focus-n-fix (fnf),2,0.0005,-0.9,-0.2,"), csv.get(2));
    }

    @Test
    void anEvaluationWrittenBeforeTheParametersReadsBackWithItsBeta() throws Exception {
        Path run = evaluatedRun("old", "focus-n-fix", FNF, -0.9, -0.2, 23.25);
        Path file = run.resolve(EvaluationSummary.FILE);
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertEquals(0.0005, json.getAsJsonObject("parameters").get("beta").getAsDouble());
        json.remove("parameters");
        Files.writeString(file, json.toString());
        EvaluationSummary read = EvaluationFiles.read(file);
        assertEquals(Map.of("beta", 5e-4), read.parameters());
        assertEquals(5e-4, read.beta());
    }

    @Test
    void compareRefusesARunWithoutEvaluation() throws Exception {
        Files.createDirectories(dir.resolve("raw"));
        StringWriter err = new StringWriter();
        assertEquals(
                Main.BAD_INPUT,
                Main.execute(
                        new String[] {"compare", dir.resolve("raw").toString()},
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(err, true)));
        assertTrue(err.toString().contains("has no evaluation.json; run 'framework eval"), err.toString());
    }

    @Test
    void reportRebuildsTheHtmlOfARunFolder() throws Exception {
        Path run = evaluatedRun("fnf", "focus-n-fix", FNF, -0.9, -0.2, 23.25);
        assertEquals(
                0,
                Main.execute(
                        new String[] {"report", run.toString()},
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(new StringWriter(), true)));
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("still red") && html.contains("samples/000-seed1-base.png"), "report content");
    }

    @Test
    void sweepValuesSplitOnTopLevelCommasIntoTheCartesianProduct() {
        assertEquals(List.of("0", "1e-4", "[1, 2]"), SweepCommand.splitTopLevel("0, 1e-4, [1, 2]"));
        assertEquals(
                List.of(
                        List.of("tuner.beta=0", "seed=1"),
                        List.of("tuner.beta=0", "seed=2"),
                        List.of("tuner.beta=1e-4", "seed=1"),
                        List.of("tuner.beta=1e-4", "seed=2")),
                SweepCommand.combinations(List.of("tuner.beta=0,1e-4", "device=cpu", "seed=1,2")));
        assertThrows(BadInputException.class, () -> SweepCommand.combinations(List.of("tuner.beta=0")));
    }
}
