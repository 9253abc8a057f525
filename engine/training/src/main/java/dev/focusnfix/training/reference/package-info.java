/**
 * Reference images to constrain a tuner against, shared by tuners that keep part of the pretrained model's image:
 * {@link dev.focusnfix.training.reference.Reference} (the pretrained model's image {@code I0} from the same
 * {@code x_T} and where it must not change, {@code 1 - M(I0)}), a
 * {@link dev.focusnfix.training.reference.ReferencePool} of fixed references computed once, and Focus-N-Fix's
 * {@link dev.focusnfix.training.reference.MaskedDistanceObjective}
 * {@code J = r(I, c) - beta ||(1 - M(I0)) * (I0 - I)||_F}.
 */
package dev.focusnfix.training.reference;
