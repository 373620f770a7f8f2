#!/usr/bin/python3
"""Export the demo model and the test fixtures from real PyTorch modules.

Run with Debian's python3-torch:  /usr/bin/python3 models/generate.py
Every fixture is small (KBs); the committed .onnx files are what the C++ tests
read, so building and testing onnx-lint needs no Python.

Naming: `<rule>_<idiom>.onnx` is a positive fixture (the rule must fire),
`<rule>_fixed_<idiom>.onnx` is the cheatsheet's recommended rewrite (must not).
"""
import math
import os
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures")


# `generate.py NAME...` exports only those fixtures (the others stay as committed).
ONLY = set(sys.argv[1:])


def export(module, args, name, opset=12, train=False, **kw):
    if ONLY and name not in ONLY:
        return os.path.join(OUT, name + ".onnx")
    torch.manual_seed(0)
    module.train(train)
    if train:
        kw["training"] = torch.onnx.TrainingMode.TRAINING
        kw["do_constant_folding"] = False
    path = os.path.join(OUT, name + ".onnx")
    torch.onnx.export(module, args, path, opset_version=opset, **kw)
    print(f"{os.path.relpath(path, HERE)}: {os.path.getsize(path)} bytes")
    return path


def record(module, args, name, names):
    """Save PyTorch's own outputs for `args` as <name>.torch.json, the truth an
    ONNX Runtime test compares exports with when the export itself is wrong."""
    if ONLY and name not in ONLY:
        return
    import json
    with torch.no_grad():
        outputs = module(*args)
    outputs = outputs if isinstance(outputs, tuple) else (outputs,)
    tensor = lambda t: {"type": str(t.dtype).replace("torch.", ""), "dims": list(t.shape),
                        "data": t.flatten().tolist()}
    doc = {"inputs": {n: tensor(t) for n, t in zip(names["input_names"], args)},
           "outputs": {n: tensor(t) for n, t in zip(names["output_names"], outputs)}}
    path = os.path.join(OUT, name + ".torch.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    print(f"{os.path.relpath(path, HERE)}: {os.path.getsize(path)} bytes")


def seeded(make):
    """Build a module from seed 0, so a fixture and its fixed counterpart get the
    same weights and tests/python/pairs.txt can compare their outputs in ONNX Runtime."""
    torch.manual_seed(0)
    return make()


def img(c=3, h=8, w=8, b=1):
    return torch.randn(b, c, h, w)


# --- plain classifier: used for the opset rule and as a clean model ---------
class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
            nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU())
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(16, 10)

    def forward(self, x):
        x = self.pool(self.features(x))
        return self.head(x.view(x.shape[0], -1))


# --- resize ------------------------------------------------------------------
class Decoder(nn.Module):
    """A module path with depth, so module mapping has something to recover."""

    def __init__(self, up):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 1)
        self.up = up

    def forward(self, x):
        return self.up(self.conv(x))


class Net(nn.Module):
    def __init__(self, up):
        super().__init__()
        self.decoder = nn.Sequential(Decoder(up))

    def forward(self, x):
        return self.decoder(x)


class Interp(nn.Module):
    def __init__(self, **kw):
        super().__init__()
        self.kw = kw

    def forward(self, x):
        return F.interpolate(x, **self.kw)


class UpsampleBilinearFn(nn.Module):
    def forward(self, x):
        return F.upsample_bilinear(x, scale_factor=2)


class UpsampleNearestFn(nn.Module):
    def forward(self, x):
        return F.upsample_nearest(x, scale_factor=2)


class NearestByExpand(nn.Module):
    """The cheatsheet's custom nearest resizer: integer-factor nearest upsampling
    from unsqueeze/expand/reshape, which exports without Resize or Tile."""

    def __init__(self, factor=2):
        super().__init__()
        self.factor = factor

    def forward(self, x):
        b, c, h, w = x.shape
        f = self.factor
        x = x[:, :, :, None, :, None].expand(b, c, h, f, w, f)
        return x.reshape(b, c, h * f, w * f)


def _bilinear_matrix(n_in, n_out):
    """Interpolation weights (align_corners=False) as an [n_out, n_in] matrix."""
    m = torch.zeros(n_out, n_in)
    scale = n_in / n_out
    for o in range(n_out):
        src = max((o + 0.5) * scale - 0.5, 0.0)
        i0 = min(int(src), n_in - 1)
        i1 = min(i0 + 1, n_in - 1)
        t = src - i0
        m[o, i0] += 1 - t
        m[o, i1] += t
    return m


class BilinearByMatmul(nn.Module):
    """The cheatsheet's custom bilinear resizer: two matmuls with fixed
    interpolation matrices (separable bilinear), no Resize node at all."""

    def __init__(self, h, w, factor=2):
        super().__init__()
        self.register_buffer("rows", _bilinear_matrix(h, h * factor))
        self.register_buffer("cols", _bilinear_matrix(w, w * factor).t().contiguous())

    def forward(self, x):
        return torch.matmul(torch.matmul(self.rows, x), self.cols)


# --- repeat ------------------------------------------------------------------
class Repeat(nn.Module):
    def __init__(self, reps):
        super().__init__()
        self.reps = reps
        self.proj = nn.Conv2d(3, 3, 1)

    def forward(self, x):
        return self.proj(x).repeat(*self.reps)


class ExpandInstead(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Conv2d(3, 3, 1)

    def forward(self, x):  # x: [1, 3, 8, 8], broadcast the singular batch dim
        return self.proj(x).expand(4, -1, -1, -1)


class Tokens(nn.Module):
    """A learned token repeated over the batch: the classic repeat idiom."""

    def __init__(self):
        super().__init__()
        self.cls = nn.Parameter(torch.randn(1, 1, 16))

    def forward(self, x):  # x: [B, N, 16]
        return torch.cat([self.cls.repeat(x.shape[0], 1, 1), x], dim=1)


class TokensExpand(Tokens):
    def forward(self, x):
        return torch.cat([self.cls.expand(x.shape[0], -1, -1), x], dim=1)


# --- index assignment -------------------------------------------------------
class AssignRow(nn.Module):
    def forward(self, x, y):
        x = x.clone()
        x[0] = y
        return x


class AssignSlice(nn.Module):
    def forward(self, x):
        x = x.clone()
        x[:, 0:2] = 0
        return x


class AssignMask(nn.Module):
    def forward(self, x, idx):
        x = x.clone()
        x[idx] = 1.0
        return x


class ScatterInstead(nn.Module):
    def forward(self, x, y):  # x: [4, 8], y: [8]: write y into row 0
        index = torch.zeros(1, x.shape[1], dtype=torch.long)
        return x.scatter(0, index, y.unsqueeze(0))


class WhereInstead(nn.Module):
    def forward(self, x):  # zero channels 0..1 without index assignment
        keep = torch.arange(x.shape[1]).view(1, -1, 1, 1) >= 2
        return torch.where(keep, x, torch.zeros_like(x))


class PillarScatter(nn.Module):
    """PointPillars' scatter: sum each pillar's features into its canvas cell."""

    def __init__(self, onehot=False, cells=16, accumulate=True):
        super().__init__()
        self.onehot = onehot
        self.cells = cells
        self.accumulate = accumulate

    def forward(self, feats, idx):  # feats: [P, C], idx: [P] cell of each pillar
        if self.onehot:
            # The fix: a one-hot matrix sums duplicates like accumulate=True does.
            cells = torch.arange(self.cells).unsqueeze(1)
            return (cells == idx.unsqueeze(0)).to(feats.dtype) @ feats
        canvas = torch.zeros(self.cells, feats.shape[1])
        canvas.index_put_((idx,), feats, accumulate=self.accumulate)
        # Without accumulate the canvas feeds the next layer directly (no Add).
        return canvas if self.accumulate else canvas.sigmoid()


class ScatterAddCanvas(nn.Module):
    def forward(self, feats, idx):  # at opset 16 this is ScatterElements(reduction='add')
        index = idx.unsqueeze(1).expand(-1, feats.shape[1])
        return torch.zeros(16, feats.shape[1]).scatter_add(0, index, feats)


class MaskedScatter(nn.Module):
    """`x.masked_scatter(mask, src)`: src is compact, one value per True."""

    def __init__(self, fixed=False):
        super().__init__()
        self.fixed = fixed

    def forward(self, x, mask, src):
        if self.fixed:
            # The fix: the k-th True takes src[k], found by a running count.
            idx = mask.flatten().long().cumsum(0) - 1
            return torch.where(mask, src[idx.clamp(min=0)].view_as(x), x)
        return x.masked_scatter(mask, src)


class MaskAssignSameShape(nn.Module):
    """`x[mask] = y[mask]`: src has x's shape, so the write is a select."""

    def __init__(self, fixed=False):
        super().__init__()
        self.fixed = fixed

    def forward(self, x, mask, y):
        if self.fixed:
            return torch.where(mask, y, x)
        x = x.clone()
        x[mask] = y[mask]
        return x


# --- dtypes ------------------------------------------------------------------
class Uint8Input(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 1)

    def forward(self, image):  # camera frame as uint8
        return self.conv(image.float() / 255.0)


class ToUint8(nn.Module):
    def forward(self, x):
        return (x * 255).clamp(0, 255).to(torch.uint8)


class Int16Cast(nn.Module):
    def forward(self, x):
        return x.to(torch.int16).to(torch.float32) * 2


class Double(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Linear(4, 4)

    def forward(self, x):
        return self.head(x).double()


class Float64Buffer(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("scale", torch.full((4,), 0.5, dtype=torch.float64))

    def forward(self, x):
        return x.double() * self.scale


class ScriptedUpsample(nn.Module):
    """`F.interpolate(scale_factor=2.0)` in scripted code: the exporter keeps the
    Python float as a float64 Constant (seen without constant folding)."""

    def __init__(self, size=False):
        super().__init__()
        self.size = size
        self.factor = 2.0

    def forward(self, x):
        if self.size:
            return F.interpolate(x, size=(16, 16), mode="bilinear", align_corners=False)
        return F.interpolate(x, scale_factor=self.factor, mode="bilinear", align_corners=False)


class Float32Int32(nn.Module):
    def forward(self, image):  # the fixed pipeline: int32 in, float32 inside
        return image.to(torch.float32) / 255.0


# --- random ------------------------------------------------------------------
class Policy(nn.Module):
    def __init__(self, mode):
        super().__init__()
        self.mode = mode
        self.mu = nn.Linear(4, 2)
        self.log_std = nn.Linear(4, 2)

    def forward(self, x):
        dist = torch.distributions.Normal(self.mu(x), self.log_std(x).exp())
        if self.mode == "rsample":
            return dist.rsample()
        return dist.mean


class Noise(nn.Module):
    def forward(self, x):
        return x + torch.randn_like(x)


class CausalMaskUint8(nn.Module):
    """Attention with a uint8 causal-mask buffer (common in older GPT code)."""

    def __init__(self, bool_mask=False):
        super().__init__()
        mask = torch.tril(torch.ones(6, 6))
        self.register_buffer("mask", mask.bool() if bool_mask else mask.to(torch.uint8))

    def forward(self, scores):
        return scores.masked_fill(self.mask == 0, float("-inf")).softmax(-1)


class ImagePooling(nn.Module):
    """DeepLab ASPP's image-pooling branch: pool to 1x1, then resize back."""

    def __init__(self, expand=False):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 1)
        self.expand = expand

    def forward(self, x):
        pooled = self.conv(F.adaptive_avg_pool2d(x, 1))
        if self.expand:
            return pooled.expand(-1, -1, x.shape[2], x.shape[3])
        return F.interpolate(pooled, size=(8, 8), mode="bilinear", align_corners=False)


class DropoutHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.drop = nn.Dropout(0.1)

    def forward(self, x):
        return self.drop(self.fc(x))


class Dropoutish(nn.Module):
    def forward(self, x):
        return x * torch.bernoulli(torch.full_like(x, 0.5))


# --- dynamic shapes (OL401 / OL402) -----------------------------------------
class MaskSelect(nn.Module):
    def forward(self, x):  # x[mask]: one row per True, a data-dependent count
        return x[x > 0] * 2


class NonzeroIdx(nn.Module):
    def forward(self, x):
        return torch.nonzero(x > 0.5).float().sum(0)


class CheatsheetFirstReset(nn.Module):
    """The cheatsheet's 'unfriendly to TensorRT' example, as written."""

    def forward(self, observation, is_first):
        new_obs = observation.clone()
        obs = observation[is_first]
        new_obs[is_first] = torch.zeros_like(obs)
        return new_obs


class CheatsheetFirstResetWhere(nn.Module):
    """The cheatsheet's fixed version: torch.where keeps a constant shape."""

    def forward(self, observation, is_first):
        return torch.where(is_first, torch.zeros_like(observation), observation)


class ViewFromData(nn.Module):
    def forward(self, x):  # the row count comes from the values of x
        n = (x > 0).sum()
        return x.reshape(n, -1)


class ViewFromShape(nn.Module):
    def forward(self, x):  # the usual view(b, -1): shape arithmetic only
        return x.view(x.shape[0], -1) * 2


class TopKTensorK(nn.Module):
    def forward(self, x, k):
        return x.topk(k)[0]


class ArangeFromData(nn.Module):
    def forward(self, x):
        return torch.arange(x.max().long()).float()


class PerClassSelect(nn.Module):
    """SSD-style post-processing: a Python loop over classes selecting each
    class's confident scores with a mask; one line of code, one NonZero per class."""

    def forward(self, scores):  # [N, classes]
        kept = []
        for c in range(scores.shape[1]):
            kept.append(scores[scores[:, c] > 0.5, c].sum())
        return torch.stack(kept)


class Detector(nn.Module):
    def __init__(self, classes=6):
        super().__init__()
        self.head = nn.Linear(8, classes)
        self.postprocess = PerClassSelect()

    def forward(self, feats):
        return self.postprocess(self.head(feats).sigmoid())


# --- target profiles (OL6xx): what one TensorRT release rejects --------------
class Unique(nn.Module):
    def forward(self, x):
        return torch.unique(x)


class UniqueAsMask(nn.Module):
    """The fixed-size answer to `torch.unique` with K known values."""

    def forward(self, x):
        return (x.flatten().unsqueeze(-1) == torch.arange(8)).any(0)


class NoiseInput(nn.Module):
    """A sampler step with the noise passed in by the caller."""

    def forward(self, x, noise):
        return x + noise


class MaxPool1d(nn.Module):
    def forward(self, x):  # [N, C, L]: a 1-D pooling
        return F.max_pool1d(x, 2)


class TopKLarge(nn.Module):
    def forward(self, x):
        return x.topk(4000)[0]


class Multinomial(nn.Module):
    def forward(self, probs):
        return torch.multinomial(probs, 1)


class MaxPoolIndices(nn.Module):
    def forward(self, x):
        return F.max_pool2d(x, 2, return_indices=True)


class LstmBatchFirst(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 8, batch_first=True)

    def forward(self, x):
        return self.lstm(x)[0]


def tiny_faster_rcnn():
    from torchvision.models.detection import FasterRCNN
    from torchvision.models.detection.faster_rcnn import FastRCNNPredictor, TwoMLPHead
    from torchvision.models.detection.rpn import AnchorGenerator
    from torchvision.ops import MultiScaleRoIAlign
    backbone = nn.Sequential(nn.Conv2d(3, 8, 3, stride=4, padding=1), nn.ReLU())
    backbone.out_channels = 8
    return FasterRCNN(
        backbone, num_classes=None,
        rpn_anchor_generator=AnchorGenerator(sizes=((16, 32),), aspect_ratios=((1.0,),)),
        box_roi_pool=MultiScaleRoIAlign(featmap_names=["0"], output_size=7, sampling_ratio=2),
        box_head=TwoMLPHead(8 * 7 * 7, 32), box_predictor=FastRCNNPredictor(32, 3),
        min_size=64, max_size=64, rpn_pre_nms_top_n_test=50, rpn_post_nms_top_n_test=20,
        box_detections_per_img=10)


def tiny_ssdlite():
    """torchvision's SSD detector with the SSDlite head (depthwise-separable
    convolutions, BatchNorm, ReLU6) on a two-map backbone: the post-processing
    (per-class score filter, TopK, batched NMS) is the real one."""
    from collections import OrderedDict
    from functools import partial
    from torchvision.models.detection.anchor_utils import DefaultBoxGenerator
    from torchvision.models.detection.ssd import SSD
    from torchvision.models.detection.ssdlite import SSDLiteHead

    class Backbone(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Sequential(nn.Conv2d(3, 8, 3, stride=4, padding=1), nn.ReLU6())
            self.b = nn.Sequential(nn.Conv2d(8, 8, 3, stride=2, padding=1), nn.ReLU6())

        def forward(self, x):
            a = self.a(x)
            return OrderedDict([("0", a), ("1", self.b(a))])

    anchors = DefaultBoxGenerator([[2, 3], [2, 3]], min_ratio=0.2, max_ratio=0.95)
    norm = partial(nn.BatchNorm2d, eps=0.001, momentum=0.03)
    head = SSDLiteHead([8, 8], anchors.num_anchors_per_location(), 3, norm)
    return SSD(Backbone(), anchors, (64, 64), 3, head=head, score_thresh=0.001,
               nms_thresh=0.55, detections_per_img=10, topk_candidates=20)


# --- a real architecture ------------------------------------------------------
def small_lraspp():
    from torchvision.models import mobilenetv3
    from torchvision.models.segmentation.lraspp import LRASPP
    settings, last = mobilenetv3._mobilenet_v3_conf(
        "mobilenet_v3_large", width_mult=0.25, dilated=True)
    backbone = mobilenetv3.MobileNetV3(settings, last).features
    stage_indices = [0] + [i for i, b in enumerate(backbone) if getattr(b, "_is_cn", False)] + [len(backbone) - 1]
    low_pos, high_pos = stage_indices[-4], stage_indices[-1]
    from torchvision.models._utils import IntermediateLayerGetter
    low_ch = backbone[low_pos].out_channels
    high_ch = backbone[high_pos].out_channels
    body = IntermediateLayerGetter(backbone, {str(low_pos): "low", str(high_pos): "high"})
    return LRASPP(body, low_ch, high_ch, num_classes=3, inter_channels=16)



# --- precision (OL701-OL703): what breaks when the model runs in FP16 --------
class BertAttention(nn.Module):
    """A BERT encoder layer's attention half, as the original BERT code writes
    it: an additive padding mask `(1 - mask) * mask_value` added to the
    scores, softmax, and the post-attention LayerNorm with BERT's eps. The
    fixed form keeps what FP16 holds: eps 1e-5 and a mask value of -1e4."""

    def __init__(self, d=16, heads=2, eps=1e-12, mask_value=-1e9):
        super().__init__()
        self.heads, self.mask_value = heads, mask_value
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.norm = nn.LayerNorm(d, eps=eps)

    def forward(self, x, mask):  # x: [B, T, D]; mask: [B, T] float, 1 = a real token
        b, t, d = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(d // self.heads)
        scores = scores + (1.0 - mask[:, None, None, :]) * self.mask_value
        ctx = torch.softmax(scores, -1) @ v
        return self.norm(x + self.out(ctx.transpose(1, 2).reshape(b, t, d)))


class CausalScores(nn.Module):
    """Causal attention as GPT ports write it: an additive float("-inf")
    causal mask buffer, and the key padding applied with
    masked_fill(float("-inf")). Fixed: one boolean mask through masked_fill
    with a value FP16 holds (-1e4)."""

    def __init__(self, t=6, d=16, fixed=False):
        super().__init__()
        self.fixed = fixed
        self.qk = nn.Linear(d, 2 * d)
        self.register_buffer("mask", torch.triu(torch.full((t, t), float("-inf")), 1))
        self.register_buffer("causal", torch.ones(t, t, dtype=torch.bool).tril())

    def forward(self, x, v, pad):  # pad: [B, T] bool, True = a real token
        q, k = self.qk(x).chunk(2, -1)
        scores = q @ k.transpose(-1, -2) / 4.0
        if self.fixed:
            return torch.softmax(scores.masked_fill(~(self.causal & pad[:, None, :]), -1e4), -1) @ v
        scores = (scores + self.mask).masked_fill(~pad[:, None, :], float("-inf"))
        return torch.softmax(scores, -1) @ v


class HandRMSNorm(nn.Module):
    """RMSNorm written by hand, `x * rsqrt(x.pow(2).mean(-1) + eps)`: the square
    overflows FP16 once |x| > 256. Fixed: scaled by its largest |x| first, so
    every square is at most 1 (nn.RMSNorm, which exports as RMSNormalization at
    opset 23, is the other fix; torch 1.13 has none)."""

    def __init__(self, d=16, eps=1e-6, prescale=False):
        super().__init__()
        self.eps, self.prescale = eps, prescale
        self.lin = nn.Linear(d, d)
        self.weight = nn.Parameter(torch.ones(d))

    def forward(self, x):
        x = self.lin(x)
        if self.prescale:
            s = x.abs().amax(-1, keepdim=True)
            y = x / s
            return y * torch.rsqrt(y.pow(2).mean(-1, keepdim=True) + self.eps / (s * s)) * self.weight
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class HandSoftmax(nn.Module):
    """Softmax written by hand, `e = x.exp(); e / e.sum(-1)`: exp overflows
    FP16 once x > 11.09. Fixed: torch.softmax."""

    def __init__(self, d=16, fixed=False):
        super().__init__()
        self.fixed = fixed
        self.lin = nn.Linear(d, d)

    def forward(self, x):
        x = self.lin(x)
        if self.fixed:
            return torch.softmax(x, -1)
        e = x.exp()
        return e / e.sum(-1, keepdim=True)


class LargeWeights(nn.Module):
    """A linear layer over inputs in tiny units (about 1e-4) whose weights
    make up for it: three of them beyond FP16's 65504. Fixed: the input is
    scaled up by 1024 first, so the weights are 1024 times smaller."""

    def __init__(self, fixed=False):
        super().__init__()
        self.fixed = fixed
        self.lin = nn.Linear(8, 4)
        with torch.no_grad():
            self.lin.weight[0, :3] = torch.tensor([7.0e4, -1.2e5, 3.0e5])
            if fixed:
                self.lin.weight /= 1024.0

    def forward(self, x):
        return self.lin(x * 1024.0 if self.fixed else x)


class Demo(nn.Module):
    """A small segmentation-style net with the idioms the cheatsheet warns about."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.ReLU())
        self.decoder = nn.Sequential(Decoder(nn.UpsamplingBilinear2d(scale_factor=2)))
        self.decoder[0].conv = nn.Conv2d(8, 3, 1)
        self.head = nn.Conv2d(3, 2, 1)

    def forward(self, x):
        y = self.head(self.decoder(self.encoder(x)))
        y = y.repeat(1, 2, 1, 1)
        y[:, 0:1] = 0
        return y


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)

    export(Demo(), img(h=16, w=16), "../demo", opset=13)

    for opset in (11, 12, 13, 17):
        export(Classifier(), img(), f"classifier_opset{opset}", opset=opset)
    export(Classifier(), img(b=2), "classifier_dynamic_batch", opset=12,
           input_names=["image"], output_names=["logits"],
           dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}})

    # OL101 resize-linear / OL102 resize-nearest
    for opset in (11, 12, 13, 17):
        export(Net(nn.UpsamplingBilinear2d(scale_factor=2)), img(), f"resize_bilinear2d_opset{opset}", opset=opset)
    export(seeded(lambda: Net(Interp(scale_factor=2, mode="bilinear", align_corners=False))), img(), "resize_interp_bilinear")
    export(Net(Interp(scale_factor=2, mode="bicubic", align_corners=False)), img(), "resize_interp_bicubic")
    export(Net(Interp(size=(12, 12), mode="bilinear", align_corners=True)), img(), "resize_interp_bilinear_size")
    export(Net(UpsampleBilinearFn()), img(), "resize_upsample_bilinear_fn")
    # Opset 9 has no align_corners: torch refuses UpsamplingBilinear2d there.
    export(Net(Interp(scale_factor=2, mode="bilinear", align_corners=False)), img(), "resize_interp_bilinear_opset9", opset=9)
    for opset in (9, 12, 13):
        export(Net(nn.UpsamplingNearest2d(scale_factor=2)), img(), f"resize_nearest2d_opset{opset}", opset=opset)
    export(seeded(lambda: Net(Interp(scale_factor=2, mode="nearest"))), img(), "resize_interp_nearest")
    export(Net(UpsampleNearestFn()), img(), "resize_upsample_nearest_fn")
    export(seeded(lambda: Net(NearestByExpand())), img(), "resize_fixed_nearest_expand")
    export(seeded(lambda: Net(BilinearByMatmul(8, 8))), img(), "resize_fixed_bilinear_matmul")
    export(small_lraspp(), img(h=64, w=64), "lraspp_mobilenet_v3_small_width", opset=12)
    export(seeded(ImagePooling), img(), "resize_from_1x1_image_pooling", opset=13)
    export(seeded(lambda: ImagePooling(expand=True)), img(), "resize_fixed_1x1_expand", opset=13)

    # OL201 repeat-tile
    export(Repeat((1, 2, 1, 1)), img(), "repeat_channels")
    export(seeded(lambda: Repeat((4, 1, 1, 1))), img(), "repeat_batch")
    export(seeded(Tokens), torch.randn(2, 5, 16), "repeat_cls_token", opset=13)
    export(seeded(ExpandInstead), img(), "repeat_fixed_expand")
    export(seeded(TokensExpand), torch.randn(2, 5, 16), "repeat_fixed_cls_token_expand", opset=13)

    # OL202 index-assignment
    export(AssignRow(), (torch.randn(4, 8), torch.randn(8)), "assign_row")
    export(AssignSlice(), img(), "assign_slice")
    export(AssignSlice(), img(), "assign_slice_opset17", opset=17)
    export(AssignMask(), (torch.randn(4, 8), torch.tensor([0, 2])), "assign_index_tensor")
    export(ScatterInstead(), (torch.randn(4, 8), torch.randn(8)), "assign_fixed_scatter")
    export(WhereInstead(), img(), "assign_fixed_where")
    pillars = (torch.randn(6, 4), torch.tensor([0, 3, 9, 5, 1, 7]))
    names = dict(input_names=["feats", "idx"], output_names=["canvas"])
    export(PillarScatter(), pillars, "assign_accumulate_pillars", opset=12, **names)
    # What PyTorch computes with duplicate cells (0 and 3 twice): the export sums
    # nothing, and tests/python/pairs.txt checks the fixed export against this record.
    record(PillarScatter(), (torch.randn(6, 4), torch.tensor([0, 3, 3, 5, 0, 7])),
           "assign_accumulate_pillars", names)
    # The same canvas written without accumulate: an overwrite, not a sum.
    export(PillarScatter(accumulate=False), pillars, "assign_index_into_zeros", opset=12, **names)
    export(PillarScatter(onehot=True), pillars, "assign_fixed_accumulate_onehot", opset=12, **names)
    export(ScatterAddCanvas(), pillars, "assign_fixed_scatter_add_opset16", opset=16, **names)
    mask = torch.zeros(4, 5, dtype=torch.bool)
    mask[0, 1] = mask[2, 3] = mask[3, 0] = True
    names = dict(input_names=["x", "mask", "src"], output_names=["y"])
    export(MaskedScatter(), (torch.randn(4, 5), mask, torch.randn(20)), "assign_masked_scatter",
           opset=12, **names)
    export(MaskedScatter(fixed=True), (torch.randn(4, 5), mask, torch.randn(20)),
           "assign_fixed_masked_cumsum", opset=12, **names)
    export(MaskAssignSameShape(), (torch.randn(4, 5), mask, torch.randn(4, 5)),
           "assign_mask_same_shape", opset=12, **names)
    export(MaskAssignSameShape(fixed=True), (torch.randn(4, 5), mask, torch.randn(4, 5)),
           "assign_fixed_mask_where", opset=12, **names)

    # OL301 / OL302 / OL303 dtypes
    export(Uint8Input(), torch.randint(0, 255, (1, 3, 8, 8), dtype=torch.uint8), "dtype_uint8_input")
    export(ToUint8(), img(), "dtype_uint8_output")
    export(Int16Cast(), img(), "dtype_int16_cast")
    export(Double(), torch.randn(2, 4), "dtype_float64_cast")
    export(Float64Buffer(), torch.randn(2, 4), "dtype_float64_initializer")
    export(Float32Int32(), torch.randint(0, 255, (1, 3, 8, 8), dtype=torch.int32), "dtype_fixed_int32_input")
    # No constant folding: with it torch folds `mask == 0` into a bool tensor,
    # and the uint8 buffer never reaches the file.
    export(CausalMaskUint8(), torch.randn(2, 6, 6), "dtype_uint8_mask_buffer", opset=13,
           do_constant_folding=False)
    export(CausalMaskUint8(bool_mask=True), torch.randn(2, 6, 6), "dtype_fixed_bool_mask_buffer",
           opset=13, do_constant_folding=False)

    export(torch.jit.script(ScriptedUpsample()), img(), "dtype_float64_scripted_scale_factor",
           do_constant_folding=False)
    export(torch.jit.script(ScriptedUpsample(size=True)), img(), "dtype_fixed_scripted_size",
           do_constant_folding=False)

    # OL501 random-op
    export(Policy("rsample"), torch.randn(2, 4), "random_rsample")
    export(Noise(), torch.randn(2, 4), "random_randn_like")
    export(Dropoutish(), torch.randn(2, 4), "random_bernoulli", opset=15)
    export(Policy("mean"), torch.randn(2, 4), "random_fixed_mean")
    export(NoiseInput(), (torch.randn(2, 4), torch.randn(2, 4)), "random_fixed_noise_input")
    export(DropoutHead(), torch.randn(2, 4), "random_dropout_training_mode", opset=13, train=True)
    export(DropoutHead(), torch.randn(2, 4), "random_fixed_dropout_eval", opset=13)

    # OL401 dynamic-shape / OL402 dynamic-input
    export(MaskSelect(), torch.randn(4, 5), "dynamic_mask_select")
    export(NonzeroIdx(), torch.rand(4, 5), "dynamic_nonzero")
    export(CheatsheetFirstReset(), (torch.randn(4), torch.tensor([True, False, True, False])),
           "dynamic_cheatsheet_index_reset")
    export(ViewFromData(), torch.arange(24).float() - 11.5, "dynamic_view_from_data")
    export(TopKTensorK(), (torch.randn(4, 6), torch.tensor(3)), "dynamic_topk_tensor_k")
    export(ArangeFromData(), torch.rand(4, 6) * 5 + 1, "dynamic_arange_from_data")
    export(tiny_faster_rcnn(), ([torch.rand(3, 64, 64)],), "dynamic_faster_rcnn_tiny", opset=11)
    export(seeded(tiny_ssdlite), ([torch.rand(3, 64, 64)],), "dynamic_ssdlite_tiny", opset=13)
    # One finding per cause: six NonZero nodes from one line, grouped by the
    # source line (verbose export) or, without one, by module and op.
    export(seeded(Detector), torch.randn(10, 8), "dynamic_per_class_select", verbose=True)
    export(seeded(Detector), torch.randn(10, 8), "dynamic_per_class_select_no_source")
    export(CheatsheetFirstResetWhere(), (torch.randn(4), torch.tensor([True, False, True, False])),
           "dynamic_fixed_cheatsheet_where")
    export(ViewFromShape(), torch.randn(2, 3, 4), "dynamic_fixed_view_from_shape",
           input_names=["x"], dynamic_axes={"x": {0: "batch"}})

    # OL601 / OL603 under --target: exports TensorRT's parser rejects per release.
    export(Unique(), torch.tensor([3, 1, 3, 2]), "target_unique", opset=13)
    export(UniqueAsMask(), torch.tensor([3, 1, 3, 2]), "dynamic_fixed_unique_as_mask")
    export(MaxPool1d(), torch.randn(1, 3, 8), "target_max_pool1d", opset=13)
    export(TopKLarge(), torch.randn(5000), "target_topk_4000", opset=13)
    export(Multinomial(), torch.rand(2, 5), "target_multinomial", opset=13)
    export(MaxPoolIndices(), img(), "target_maxpool_indices", opset=13)
    # torch 1.13 transposes around the LSTM (layout=0): the clean counterpart.
    export(seeded(LstmBatchFirst), torch.randn(2, 5, 4), "target_lstm_batch_first", opset=13)

    # OL701 / OL702 / OL703 precision: each idiom, its fixed form (same seed)
    tokens = torch.randn(2, 5, 16)
    pad = torch.tensor([[1.0, 1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0]])
    names = dict(input_names=["x", "mask"], output_names=["y"])
    for opset in (12, 17):  # below 17 torch decomposes LayerNorm; at 17 it is LayerNormalization
        suffix = "" if opset == 12 else "_opset17"
        export(seeded(BertAttention), (tokens, pad), f"precision_bert_attention{suffix}",
               opset=opset, **names)
    # Fixed: eps 1e-5 and a -1e4 mask, at opset 17 (below it torch writes
    # LayerNorm out as the square-mean chain OL703 reports).
    export(seeded(lambda: BertAttention(eps=1e-5, mask_value=-1e4)), (tokens, pad),
           "precision_fixed_bert_attention_opset17", opset=17, **names)
    names = dict(input_names=["x", "v", "pad"], output_names=["y"])
    qv = (torch.randn(2, 6, 16), torch.randn(2, 6, 16),
          torch.tensor([[True] * 6, [False, False, True, True, True, True]]))
    export(seeded(CausalScores), qv, "precision_causal_inf_mask", opset=13, **names)
    export(seeded(lambda: CausalScores(fixed=True)), qv, "precision_fixed_causal_bool_mask",
           opset=13, **names)
    names = dict(input_names=["x"], output_names=["y"])
    export(seeded(HandRMSNorm), torch.randn(2, 16), "precision_hand_rmsnorm", opset=13, **names)
    export(seeded(lambda: HandRMSNorm(prescale=True)), torch.randn(2, 16),
           "precision_fixed_rmsnorm_prescaled", opset=13, **names)
    export(seeded(HandSoftmax), torch.randn(2, 16), "precision_hand_softmax", opset=13, **names)
    export(seeded(lambda: HandSoftmax(fixed=True)), torch.randn(2, 16),
           "precision_fixed_torch_softmax", opset=13, **names)
    export(seeded(LargeWeights), torch.randn(2, 8) * 1e-4, "precision_large_weights", opset=13,
           **names)
    export(seeded(lambda: LargeWeights(fixed=True)), torch.randn(2, 8) * 1e-4,
           "precision_fixed_weights_in_range", opset=13, **names)

    # OL901 / OL902 on a real export: the weights saved as external data next
    # to the model, the way large models (over 2 GB) are shipped.
    path = export(Classifier(), img(), "external_data_classifier")
    if ONLY and "external_data_classifier" not in ONLY:
        return 0
    import onnx
    m = onnx.load(path)
    data = os.path.join(OUT, "external_data_classifier.onnx.data")
    if os.path.exists(data):
        os.remove(data)  # onnx appends to an existing data file
    onnx.save_model(m, path, save_as_external_data=True, all_tensors_to_one_file=True,
                    location="external_data_classifier.onnx.data", size_threshold=0)
    print(f"  + external_data_classifier.onnx.data: "
          f"{os.path.getsize(os.path.join(OUT, 'external_data_classifier.onnx.data'))} bytes")

    # Source mapping: verbose=True records stack traces in doc_string.
    export(Net(nn.UpsamplingBilinear2d(scale_factor=2)), img(), "verbose_resize_bilinear", verbose=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
