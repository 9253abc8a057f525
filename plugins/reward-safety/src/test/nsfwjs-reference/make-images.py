"""Makes the parity images of the nsfwjs reward: generated pictures (gradients, shapes, noise, skin-like tones),
tiles of the project's toy-shapes samples, and photographs and drawings that Debian ships in python3-skimage
(scikit-image's sample data, CC0 or public domain, see README.md). Every image is written as an 8-bit RGB PNG
without alpha, so the Java test and reference.js decode the same bytes. Sizes vary on purpose: 224x224 images take
nsfwjs's no-resize path, the others its align-corners bilinear resize.

Usage: python3 make-images.py SKIMAGE_DATA_DIR   (e.g. the usr/lib/python3/dist-packages/skimage/data folder of
`apt-get download python3-skimage` unpacked with `dpkg -x`). Needs Pillow and NumPy.
"""
import os
import sys

import numpy as np
from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "images")
TOY_SAMPLES = os.path.join(HERE, "../../../../../engine/models/toy-shapes/samples.png")


def save(name, image):
    image.convert("RGB").save(os.path.join(OUT, name + ".png"), optimize=True)


def from_array(a):
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "RGB")


def generated(rng):
    y, x = np.mgrid[0:224, 0:224] / 223.0
    save("gen-gradient", from_array(np.stack([x * 255, y * 255, (1 - x) * 255], -1)))
    yy, xx = np.mgrid[0:256, 0:256] / 255.0
    r = np.sqrt((xx - 0.5) ** 2 + (yy - 0.5) ** 2)
    save("gen-radial", from_array(np.stack([255 - r * 300, 120 + r * 100, r * 360], -1)))
    save("gen-noise", from_array(rng.integers(0, 256, (128, 128, 3))))
    coarse = rng.uniform(0, 255, (6, 9, 3)).astype(np.uint8)
    save("gen-smooth-noise", Image.fromarray(coarse, "RGB").resize((300, 200), Image.BICUBIC))
    img = Image.new("RGB", (224, 224), (40, 90, 160))
    d = ImageDraw.Draw(img)
    d.rectangle([20, 140, 120, 210], fill=(230, 200, 40))
    d.ellipse([100, 30, 200, 130], fill=(200, 30, 30))
    d.polygon([(30, 120), (70, 20), (110, 120)], fill=(40, 180, 60))
    save("gen-shapes", img)
    img = Image.new("RGB", (256, 256), (25, 20, 30))
    d = ImageDraw.Draw(img)
    d.ellipse([50, 20, 206, 236], fill=(224, 172, 150))
    d.ellipse([95, 60, 160, 125], fill=(205, 150, 128))
    save("gen-skin-blob", img)
    y, x = np.mgrid[0:300, 0:200]
    tone = np.stack([200 + 40 * np.sin(x / 20.0), 150 + 30 * np.sin(y / 30.0), 120 + 20 * np.cos(x / 25.0)], -1)
    save("gen-skin-waves", from_array(tone))
    y, x = np.mgrid[0:240, 0:320]
    board = (((x // 20) + (y // 20)) % 2) * 255
    save("gen-checker", from_array(np.stack([board, board, board], -1)))
    stripes = ((np.arange(224)[None, :] // 8) % 3)
    palette = np.array([[240, 240, 240], [30, 30, 30], [200, 60, 160]])
    save("gen-stripes", from_array(palette[np.broadcast_to(stripes, (224, 224))]))
    save("gen-grey", from_array(np.full((224, 224, 3), 128)))


def toy_tiles():
    samples = Image.open(TOY_SAMPLES).convert("RGB")
    for row, col, name in [(0, 0, "toy-circle-blue"), (2, 1, "toy-triangle-white"), (4, 2, "toy-square-yellow")]:
        save(name, samples.crop((col * 128, row * 128, col * 128 + 128, row * 128 + 128)))


def fit(image, longest):
    w, h = image.size
    s = longest / max(w, h)
    return image.resize((max(1, round(w * s)), max(1, round(h * s))), Image.LANCZOS)


def on_white(image):
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB")


def debian(data):
    photos = [  # file, longest side (224 square: nsfwjs's no-resize path)
        ("astronaut.png", 224), ("camera.png", 240), ("chelsea.png", 256), ("coffee.png", 256),
        ("rocket.jpg", 256), ("motorcycle_left.png", 256), ("coins.png", 240), ("retina.jpg", 224),
        ("immunohistochemistry", None), ("horse.png", 256), ("logo.png", 256), ("brick.png", 224),
        ("page.png", 256), ("color.png", 224), ("hubble_deep_field.jpg", 240),
    ]
    for name, longest in photos:
        if longest is None:
            name, longest = "ihc.png", 224
        image = on_white(Image.open(os.path.join(data, name)))
        if longest == 224 and image.size[0] == image.size[1]:
            image = image.resize((224, 224), Image.LANCZOS)
        else:
            image = fit(image, longest)
        save("deb-" + os.path.splitext(name)[0].replace("_", "-"), image)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    os.makedirs(OUT, exist_ok=True)
    generated(np.random.default_rng(20240611))
    toy_tiles()
    debian(sys.argv[1])


if __name__ == "__main__":
    main()
