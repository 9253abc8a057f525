/**
 * Image classifiers and dense reward models loaded from exported files, and the rewards built on them.
 *
 * <p>{@link dev.focusnfix.nn.classifier.ImageClassifier} runs a TorchScript ({@code .pt}, PyTorch engine,
 * differentiable: the autograd graph from the images to the outputs stays intact) or ONNX ({@code .onnx}, ONNX
 * Runtime engine, not differentiable) model on {@code [N,3,H,W]} images in [0,1], after the preprocessing an
 * {@link dev.focusnfix.nn.classifier.ImageInput} describes (differentiable resize and normalisation). Its outputs are
 * picked by {@link dev.focusnfix.nn.classifier.OutputRef} and read by a
 * {@link dev.focusnfix.nn.classifier.ClassActivation} and {@link dev.focusnfix.nn.classifier.ClassObjective}.
 * {@link dev.focusnfix.nn.classifier.ClassifierRewardModel} is the shared base of the classifier rewards
 * ({@code safety}, {@code violence}). {@link dev.focusnfix.nn.classifier.DenseRewardModel} is the shared base of the
 * dense-model rewards ({@code artifact}, {@code misalignment}): the score output becomes the reward and the heatmap
 * output the region ({@link dev.focusnfix.nn.classifier.DenseReward}), with options each plugin declares through
 * {@link dev.focusnfix.nn.classifier.DenseRewardOptions}.
 */
package dev.focusnfix.nn.classifier;
