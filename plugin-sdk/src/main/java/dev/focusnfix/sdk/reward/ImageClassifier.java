package dev.focusnfix.sdk.reward;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.InvalidInputException;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.kernels.DifferentiableCast;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A classifier or dense reward model loaded from a TorchScript or ONNX file, applied to {@code [N,3,H,W]} images in
 * [0,1].
 *
 * <p>TorchScript runs on the PyTorch engine with its parameters loaded as ordinary tensors ({@code trainParam}; the
 * default inference-mode load yields tensors autograd refuses) and frozen, and every call goes through the module
 * with autograd enabled, so the outputs stay connected to the images. The module itself stays in {@code eval()} mode
 * (dropout off, batch-norm running statistics). ONNX runs on ONNX Runtime on the CPU; its outputs are copied back to
 * the images' manager and device and carry no gradient.
 */
@Experimental
public final class ImageClassifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImageClassifier.class);

    private final Model model;
    private final Path file;
    private final ModelFormat format;
    private final ImageInput input;
    private final List<String> outputNames;
    private final DataType modelType;

    private ImageClassifier(
            Model model,
            Path file,
            ModelFormat format,
            ImageInput input,
            List<String> outputNames,
            DataType modelType) {
        this.model = model;
        this.file = file;
        this.format = format;
        this.input = input;
        this.outputNames = outputNames;
        this.modelType = modelType;
    }

    /**
     * Loads a model file.
     *
     * @param file a {@code .pt} (TorchScript) or {@code .onnx} file
     * @param input how images are fitted to the model
     * @param outputNames names given to the model's outputs in order when the format carries none (TorchScript);
     *     empty to leave them positional
     * @param device where a TorchScript model runs (ONNX always runs on the CPU)
     * @throws InvalidInputException naming the file when it does not exist or the engine cannot read it
     */
    public static ImageClassifier load(Path file, ImageInput input, List<String> outputNames, Device device)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("classifier model file not found: " + file.toAbsolutePath()
                    + (Files.isDirectory(file) ? " is a folder; name the .pt or .onnx file inside it" : ""));
        }
        ModelFormat format = ModelFormat.of(file);
        String name = file.getFileName().toString();
        Model model = newModel(name, format, format == ModelFormat.ONNX ? Device.cpu() : device);
        try {
            if (format == ModelFormat.TORCHSCRIPT) {
                // mapLocation: load the tensors straight onto the device.
                model.load(file, null, Map.of("trainParam", "true", "mapLocation", "true"));
                // A reward model is never trained: no gradient accumulates on its weights.
                model.getBlock().freezeParameters(true);
            } else {
                model.load(file, null, Map.of());
            }
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new InvalidInputException(
                    "cannot load " + format + " model " + file.toAbsolutePath() + ": "
                            + firstLine(e) + "; it must be a " + format
                            + " file of an image model (see --debug for the engine's"
                            + " report)",
                    e);
        }
        return new ImageClassifier(
                model,
                file,
                format,
                input,
                List.copyOf(outputNames),
                format == ModelFormat.TORCHSCRIPT ? parameterType(model.getBlock()) : DataType.FLOAT32);
    }

    /** The first line of an engine's message, at most 300 characters: libtorch appends its C++ stack. */
    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getMessage().strip();
        int nl = m.indexOf('\n');
        String line = nl < 0 ? m : m.substring(0, nl).strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** Loads a model file that takes images of any size, with positional outputs. */
    public static ImageClassifier load(Path file, Device device) throws IOException {
        return load(file, ImageInput.anySize(), List.of(), device);
    }

    /** The model file. */
    public Path file() {
        return file;
    }

    /** The file's format. */
    public ModelFormat format() {
        return format;
    }

    /** Whether the outputs carry the autograd graph back to the images. */
    public boolean isDifferentiable() {
        return format.isDifferentiable();
    }

    /** How images are fitted to the model. */
    public ImageInput input() {
        return input;
    }

    /**
     * Runs the model on {@code [N,3,H,W]} images in [0,1]. The outputs live in the images' manager, on the model's
     * device for TorchScript (the images' device for ONNX), in the model's data type, named as the model (or
     * {@code outputNames}) names them; intermediate arrays are closed. TorchScript outputs stay connected to the
     * images' autograd graph (images in a narrower type than the model's, such as float16 into float32, included).
     */
    public NDList forward(NDArray images) {
        Set<NDArray> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            NDArray x = track(input.apply(images), images, owned);
            x = track(DifferentiableCast.to(x, modelType), images, owned);
            NDList outputs = format == ModelFormat.TORCHSCRIPT ? runTorchScript(x, images, owned) : runOnnx(x, images);
            nameOutputs(outputs);
            return outputs;
        } finally {
            owned.forEach(NDArray::close);
        }
    }

    /** Releases the model. */
    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return format + " model " + file + " (" + input + ")";
    }

    private NDList runTorchScript(NDArray x, NDArray images, Set<NDArray> owned) {
        Device device = model.getNDManager().getDevice();
        if (!x.getDevice().equals(device)) {
            // DJL's PyTorch device copy runs without autograd: the reward still works, its gradient does not.
            LOG.warn(
                    "images on {} but classifier {} on {}: copying them cuts the gradient; open the reward on the"
                            + " images' device",
                    x.getDevice(),
                    file.getFileName(),
                    device);
            x = track(x.toDevice(device, false), images, owned);
        }
        if (x.getName() != null) {
            // PyTorch reads named inputs as members of a tuple, list or dict: pass an unnamed view. (Not
            // duplicate(): DJL's PyTorch clone runs without autograd and would cut the graph.)
            x = track(x.reshape(x.getShape()), images, owned);
            x.setName(null);
        }
        ParameterStore store = new ParameterStore(x.getManager(), false);
        // training = true only switches autograd on for the call; the module was loaded in eval() mode and DJL
        // switches it to train() only when a call asks for training = false first, which this class never does.
        return model.getBlock().forward(store, new NDList(x), true);
    }

    private NDList runOnnx(NDArray x, NDArray images) {
        NDManager target = images.getManager();
        try (NDManager ort = model.getNDManager().newSubManager()) {
            NDArray ortInput = ort.create(x.toByteBuffer(), x.getShape(), x.getDataType());
            NDList ortOutputs = model.getBlock().forward(new ParameterStore(ort, false), new NDList(ortInput), false);
            NDList outputs = new NDList(ortOutputs.size());
            for (NDArray o : ortOutputs) {
                // Owned by libtorch: callers may combine the scores with differentiable values and close them
                // before the backward pass.
                NDArray copy = Scalars.owned(target.create(o.toByteBuffer(), o.getShape(), o.getDataType()));
                NDArray onDevice = copy.toDevice(images.getDevice(), false);
                if (onDevice != copy) {
                    copy.close();
                }
                onDevice.setName(o.getName());
                outputs.add(onDevice);
            }
            return outputs;
        }
    }

    private void nameOutputs(NDList outputs) {
        if (outputNames.isEmpty() || outputs.stream().anyMatch(a -> a.getName() != null)) {
            return;
        }
        if (outputNames.size() != outputs.size()) {
            outputs.close();
            throw new InvalidInputException(file + " returned " + outputs.size() + " outputs but outputNames lists "
                    + outputNames.size() + ": " + outputNames);
        }
        for (int i = 0; i < outputs.size(); i++) {
            outputs.get(i).setName(outputNames.get(i));
        }
    }

    /** Remembers {@code x} for closing unless it is the caller's array or already remembered. */
    private static NDArray track(NDArray x, NDArray images, Set<NDArray> owned) {
        if (x != images) {
            owned.add(x);
        }
        return x;
    }

    private static Model newModel(String name, ModelFormat format, Device device) {
        try {
            Engine.getEngine(format.engineName());
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "the " + format.engineName() + " engine, needed for " + format
                            + " models, is not on the class path: " + e.getMessage(),
                    e);
        }
        return Model.newInstance(name, device, format.engineName());
    }

    private static DataType parameterType(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().getArray() != null) {
                return p.getValue().getArray().getDataType();
            }
        }
        return DataType.FLOAT32;
    }
}
