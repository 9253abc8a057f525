/** The {@code focus-n-fix} tuner: region-constrained DRaFT-K on the shared training engine. */
package dev.focusnfix.plugins.focusnfix;
