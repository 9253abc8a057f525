/** The shared implementation of the diffusers-folder backbone plugins (sd14, sdxl, ldm). */
package dev.focusnfix.nn.backbone;
