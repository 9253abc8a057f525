package dev.focusnfix.api.services;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.Stable;

/**
 * The device and compute data type the experiment chose ({@code auto} picks the first GPU when one is present).
 *
 * @param device where tensors live
 * @param dataType the compute data type
 */
@Stable(since = "0.1.0")
public record DeviceSettings(Device device, DataType dataType) {}
