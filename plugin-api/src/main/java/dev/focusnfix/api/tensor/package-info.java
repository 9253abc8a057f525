/**
 * Tensor helpers the engine and plugins share: operations with Java numbers and Java data that are safe for autograd
 * on DJL's CPU PyTorch engine ({@link dev.focusnfix.api.tensor.Scalars}), and seeded noise that does not depend on
 * the device ({@link dev.focusnfix.api.tensor.GaussianNoise}: values are drawn in Java on the CPU and only then copied
 * to the device, so the same seed gives the same tensors everywhere). They depend on DJL only.
 *
 * <p><b>The hazard.</b> On the CPU, every array DJL makes from Java data ({@code manager.create(float[])},
 * {@code manager.create(Number)}) is a libtorch tensor over a Java direct buffer that only the Java array keeps alive.
 * {@code x.mul(Number)}, {@code div(Number)}, {@code pow(Number)}, {@code maximum(Number)} and
 * {@code minimum(Number)} wrap the number in such an array and close it at once. Autograd saves that tensor for the
 * backward pass, so a garbage collection between forward and backward frees the buffer and the backward pass reads
 * freed memory: garbage or NaN gradients, at random. The same happens to any Java-backed array (a mask, an
 * interpolation matrix, a mean/std vector, token ids), or a view of one, that is closed before the backward pass.
 * Forward results are unaffected, and so are GPUs (the data is copied there). {@code add(Number)} and
 * {@code sub(Number)} save nothing, and {@code clip(Number, Number)} hands libtorch plain numbers: those are safe.
 *
 * <p><b>The rule</b> for the main code of {@code framework-nn}, {@code plugin-api} and {@code plugin-sdk} (checked by
 * {@code NumberArithmeticGuardTest}, which scans those sources), and the advice for every plugin's differentiable
 * code: never call {@code mul}, {@code div}, {@code pow}, {@code maximum} or {@code minimum} (or their
 * in-place forms) with a Java number; use {@link dev.focusnfix.api.tensor.Scalars}, whose scalars libtorch owns.
 * Arrays made from Java data that enter a differentiable operation are made with
 * {@link dev.focusnfix.api.tensor.Scalars#constant}, converted with {@link dev.focusnfix.api.tensor.Scalars#owned} (a
 * libtorch copy without autograd history, so only for constants), or stay referenced until after the backward pass
 * (model parameters do).
 */
package dev.focusnfix.api.tensor;
