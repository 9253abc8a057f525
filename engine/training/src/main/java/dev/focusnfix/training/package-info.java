/**
 * The training engine shared by the DRaFT-family tuners ({@code draft}, {@code focus-n-fix}): the training loop
 * ({@link dev.focusnfix.training.TrainingLoop}), its settings, and the deterministic draws of samples and prompts.
 * Sub-packages: {@code backprop} (step-level checkpointed back-propagation through the last K sampling steps),
 * {@code optim} (AdamW, learning-rate schedules, gradient norm and clipping), {@code checkpoint}, {@code metrics},
 * {@code options} (option records the tuner plugins share), {@code reference} (reference images and the masked
 * distance to them, for tuners that constrain against the pretrained model).
 */
package dev.focusnfix.training;
