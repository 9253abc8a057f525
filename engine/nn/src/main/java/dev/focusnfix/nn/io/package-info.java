/**
 * File output shared by every module: {@link dev.focusnfix.nn.io.AtomicFiles} (temporary file in the same folder,
 * forced to disk, readable permissions, atomic rename) and {@link dev.focusnfix.nn.io.Png} (image tensors in [0,1]
 * as 8-bit PNG files, written atomically).
 */
package dev.focusnfix.nn.io;
