/** The {@code draft} tuner: DRaFT-K, full DRaFT and DRaFT-LV, on the shared training engine. */
package dev.focusnfix.plugins.draft;
