package dev.focusnfix.plugins.sld;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.api.testkit.FineTunerContract;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Runs the plugin-api contract kit against the tuner, on the toy-shapes model. */
class SafeLatentDiffusionTunerContractTest extends FineTunerContract<SafeLatentDiffusionOptions> {

    @Override
    protected FineTuner<SafeLatentDiffusionOptions> createExtension() {
        return new SafeLatentDiffusionTuner();
    }

    @Override
    protected SafeLatentDiffusionOptions options() {
        return SafeLatentDiffusionOptions.of(SldPreset.MEDIUM, "red, crimson, scarlet");
    }

    @Override
    protected DiffusionPipeline openBackbone(ExtensionContext context) throws Exception {
        return LatentDiffusionPipeline.load(
                TestData.root().resolveSibling("models").resolve("toy-shapes"),
                null,
                null,
                Device.cpu(),
                DataType.FLOAT32);
    }

    /** SLD changes no weight: its result is a guided sampling procedure. */
    @Override
    protected boolean producesAdapterWeights() {
        return false;
    }

    @Test
    void tuningRecordsTheProcedureAndCarriesTheOptions() throws Exception {
        TuningResult result = tune("recorded");
        SafeLatentDiffusionSampler sampler = assertInstanceOf(
                SafeLatentDiffusionSampler.class,
                assertInstanceOf(TuningResult.GuidedSampling.class, result).sampler());
        assertTrue(sampler.parameters().equals(SldPreset.MEDIUM.parameters()));
        assertTrue(sampler.concept().equals("red, crimson, scarlet"));
        assertTrue(Files.isRegularFile(
                outputDir.resolve("runs").resolve("recorded").resolve("sld.json")));
    }
}
