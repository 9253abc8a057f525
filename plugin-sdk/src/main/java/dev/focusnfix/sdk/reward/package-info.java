/**
 * Rewards built on image classifiers and dense reward models loaded from exported files.
 *
 * <p>{@link dev.focusnfix.sdk.reward.ImageClassifier} runs a TorchScript ({@code .pt}, PyTorch engine,
 * differentiable: the autograd graph from the images to the outputs stays intact) or ONNX ({@code .onnx}, ONNX
 * Runtime engine, not differentiable) model on {@code [N,3,H,W]} images in [0,1], after the preprocessing an
 * {@link dev.focusnfix.sdk.reward.ImageInput} describes (differentiable resize and normalisation). Its outputs are
 * picked by {@link dev.focusnfix.sdk.reward.OutputRef} and read by a
 * {@link dev.focusnfix.sdk.reward.ClassActivation} and {@link dev.focusnfix.sdk.reward.ClassObjective}.
 * {@link dev.focusnfix.sdk.reward.ClassifierRewardModel} is the base of the classifier rewards ({@code safety},
 * {@code violence}) with {@link dev.focusnfix.sdk.reward.ClassifierRewardOptions}.
 * {@link dev.focusnfix.sdk.reward.DenseRewardModel} is the base of the dense-model rewards ({@code artifact},
 * {@code misalignment}): the score output becomes the reward and the heatmap output the region
 * ({@link dev.focusnfix.sdk.reward.DenseReward}), with options each plugin declares through
 * {@link dev.focusnfix.sdk.reward.DenseRewardOptions}.
 */
package dev.focusnfix.sdk.reward;
