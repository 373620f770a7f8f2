"""Real models through the same fidelity probe as generate_fidelity.py:
torchvision, transformers and timm models exported with dynamic batch and
sequence or image axes through torch 2.14's TorchScript exporter at opset 17,
then run in ONNX Runtime at three other sizes against eager PyTorch.

    .venv-torch/bin/pip install transformers==5.25.0 timm==1.0.31
    .venv-torch/bin/python models/generate_fidelity_real.py [NAME ...]

Committed: the graph of each export with every tensor over 1 KiB pointing at
NAME.onnx.data, which is not (the weights are not what the size analysis
reads), in models/fixtures/fidelity/real/, and the verdicts in
models/fixtures/fidelity/real/verdicts.json (same format as the idioms').
Transformers models are built from small configs (no download): their graphs
are the real ones at a smaller width and depth.
"""
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
ONLY = set(sys.argv[1:])
sys.argv[1:] = []
import generate_fidelity as fid  # noqa: E402  (export and probe)

OUT = os.path.join(HERE, "fixtures", "fidelity", "real")


def randn(*shape, g):
    return torch.randn(*shape, generator=g)


def images(s, g):
    return (randn(s["batch"], 3, s["h"], s["w"], g=g),)


def tokens(vocab):
    def make(s, g):
        ids = torch.randint(0, vocab, (s["batch"], s["seq"]), generator=g)
        mask = torch.ones(s["batch"], s["seq"], dtype=torch.int64)
        mask[:, s["seq"] - 1:] = 0 if s["seq"] > 2 else 1  # a padded last token
        return ids, mask
    return make


IMAGE = dict(export={"batch": 2, "h": 64, "w": 64},
             probe=[{"batch": 1, "h": 64, "w": 64}, {"batch": 3, "h": 96, "w": 128},
                    {"batch": 2, "h": 32, "w": 48}])
BATCH_IMAGE = dict(export={"batch": 2, "h": 64, "w": 64},
                   probe=[{"batch": 1, "h": 64, "w": 64}, {"batch": 3, "h": 64, "w": 64},
                          {"batch": 5, "h": 64, "w": 64}])
TEXT = dict(export={"batch": 2, "seq": 8},
            probe=[{"batch": 1, "seq": 5}, {"batch": 3, "seq": 12}, {"batch": 2, "seq": 3}])
X_IMAGE = {"x": {0: "batch", 2: "h", 3: "w"}}
X_BATCH = {"x": {0: "batch"}}
TEXT_AXES = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}}


class FirstOutput(torch.nn.Module):
    """A transformers model's last_hidden_state (or a torchvision dict's 'out')."""

    def __init__(self, model, key, names=None):
        super().__init__()
        self.model = model
        self.key = key
        self.names = names

    def forward(self, *args):
        out = self.model(**dict(zip(self.names, args))) if self.names else self.model(*args)
        return out[self.key] if isinstance(out, dict) else out[0]


def tv(name, **kw):
    def make():
        import torchvision
        return torchvision.models.get_model(name, weights=None, **kw)
    return make


def tv_seg(name):
    def make():
        import torchvision
        return FirstOutput(torchvision.models.get_model(name, weights=None,
                                                        weights_backbone=None), "out")
    return make


def hf(config_name, model_name, **config):
    def make():
        import transformers
        cfg = getattr(transformers, config_name)(**config)
        model = getattr(transformers, model_name)(cfg)
        return FirstOutput(model, 0, ["input_ids", "attention_mask"])
    return make


def timm_model(name, **kw):
    def make():
        import timm
        return timm.create_model(name, pretrained=False, **kw)
    return make


SMALL = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64)


def cases():
    c = fid.case
    return [
        c("tv_resnet18", tv("resnet18"), images, X_IMAGE, IMAGE, {"y": {0: "batch"}}),
        c("tv_mobilenet_v3_small", tv("mobilenet_v3_small"), images, X_IMAGE, IMAGE,
          {"y": {0: "batch"}}),
        c("tv_deeplabv3_mobilenet_v3_large", tv_seg("deeplabv3_mobilenet_v3_large"), images,
          X_IMAGE, IMAGE, {"y": {0: "batch", 2: "h", 3: "w"}}),
        c("hf_bert", hf("BertConfig", "BertModel", vocab_size=100, **SMALL), tokens(100),
          TEXT_AXES, TEXT, {"y": {0: "batch", 1: "seq"}}, names=("input_ids", "attention_mask")),
        c("hf_gpt2", hf("GPT2Config", "GPT2Model", vocab_size=100, n_embd=32, n_layer=2,
                        n_head=2, use_cache=False), tokens(100), TEXT_AXES, TEXT, {"y": {0: "batch", 1: "seq"}},
          names=("input_ids", "attention_mask")),
        c("hf_distilbert", hf("DistilBertConfig", "DistilBertModel", vocab_size=100, dim=32,
                              n_layers=2, n_heads=2, hidden_dim=64), tokens(100), TEXT_AXES,
          TEXT, {"y": {0: "batch", 1: "seq"}}, names=("input_ids", "attention_mask")),
        c("timm_vit_tiny", timm_model("vit_tiny_patch16_224", img_size=64), images, X_BATCH,
          BATCH_IMAGE, {"y": {0: "batch"}}),
        c("timm_vit_tiny_dynamic_image", timm_model("vit_tiny_patch16_224", img_size=64),
          images, X_IMAGE, IMAGE, {"y": {0: "batch"}}),
        c("timm_resnet18", timm_model("resnet18"), images, X_IMAGE, IMAGE, {"y": {0: "batch"}}),
    ]


def graph_only(path):
    """The export with every tensor over 1 KiB pointing at NAME.onnx.data (not committed)."""
    import onnx
    from onnx.external_data_helper import convert_model_to_external_data
    m = onnx.load(path)
    location = os.path.basename(path) + ".data"
    convert_model_to_external_data(m, all_tensors_to_one_file=True, location=location,
                                   size_threshold=1024, convert_attribute=True)
    onnx.save_model(m, path)
    os.remove(os.path.join(os.path.dirname(path), location))


def main():
    verdicts = fid.load_verdicts(OUT)
    for case in cases():
        if ONLY and case["name"] not in ONLY:
            continue
        stem = case["name"]
        path = os.path.join(OUT, stem + ".onnx")
        try:
            module = fid.export(case, 17, path, verbose=False)
        except Exception as e:
            verdicts[stem] = {"verdict": "not exported",
                              "evidence": [str(e).strip().splitlines()[0][:200]]}
            print(f"{stem}: not exported: {verdicts[stem]['evidence'][0]}")
            continue
        verdict, evidence, _ = fid.probe(case, module, path, tolerance=1e-3)
        verdicts[stem] = {"verdict": verdict, "evidence": evidence[:4],
                          "export_sizes": case["sizes"]["export"],
                          "probe_sizes": case["sizes"]["probe"], "seeds": case["seeds"]}
        graph_only(path)
        print(f"{stem}: {verdict}: {evidence[0]}")
    fid.save_verdicts(OUT, verdicts)


if __name__ == "__main__":
    main()
