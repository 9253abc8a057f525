package dev.focusnfix.sdk.backbone;

import dev.focusnfix.api.Stable;
import dev.focusnfix.api.options.Doc;
import java.util.Optional;

/**
 * Options shared by the diffusers-folder backbones.
 *
 * @param variant a weight variant such as {@code fp16} ({@code *.fp16.safetensors}); the plain files when absent
 */
@Stable(since = "0.2.0")
public record DiffusersBackboneOptions(
        @Doc("weight variant, e.g. fp16 for *.fp16.safetensors files") Optional<String> variant) {}
