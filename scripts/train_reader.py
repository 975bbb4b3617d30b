"""Fit the reader of :mod:`tutor.answer.reader` on the answerable dev and training questions.

Training lists: for every answerable question of ``tests/data/dev_questions.jsonl`` and
``tests/data/train_questions.jsonl`` (not a multi-part one) the composer's best units that may
lead (:func:`tutor.answer.reader.pool`, as the composer sees them); a unit is right when it is
on point (:func:`tutor.evaluation.unit_on_point`: it shares a gold span or half the answer
keywords). Loss: softmax over the list (listwise). The bundled e5-small is loaded through the
converted fp32 folder and gets LoRA updates on every linear layer; only those and the head are
trained. Held-out sets are never read.

    .venv/bin/python scripts/train_reader.py --cv block --folds 2 --oof oof.json  # CV
    .venv/bin/python scripts/train_reader.py --mix 0.75 --gate 1.0   # fit on all, write the file

``--cv block`` holds out whole dev writing batches (25 consecutive ids: one writer, one
sitting); the training set is always trained on and never scored. Each fold's reader scores
the lists it never saw; the report gives P@1 of the lead out of fold per units read, mix (the
reader's vote in standard deviations of the candidates' scores) and gate (it reads only when
the composer's best two are closer than that many standard deviations), as ``reread`` uses
them (:func:`voted`). ``--check`` also scores a set written blind
(``tests/data/adapter_check_questions.jsonl``) with the last model.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.embeddings.e5_convert import ensure_e5_model  # noqa: E402
from tutor.answer.reader import READER_FILE, pair_ids, pool  # noqa: E402
from tutor.answer.service import ANSWER_DEPTH  # noqa: E402
from tutor.answer.typed import typed_candidates  # noqa: E402
from tutor.container import Container  # noqa: E402
from tutor.evaluation import load_questions, unit_on_point  # noqa: E402
from tutor.settings import load_settings  # noqa: E402

DEV = Path("tests/data/dev_questions.jsonl")
TRAIN = Path("tests/data/train_questions.jsonl")  # written for training only; never scored
CHECK = Path("tests/data/adapter_check_questions.jsonl")
FOLDS, BATCH = 5, 25
TOP, MAX_TOKENS, RANK, EPOCHS, LR, ACCUMULATE = 6, 160, 32, 2, 5e-4, 4
GATE, GATES = 0.0, (0.0, 0.5, 1.0, 1.5, 2.0)  # read only when the top two are this close
READ, READS = 4, (3, 4, 5, 6)  # units read per answer (latency: ~17 ms each), and the ones tried
MIXES = (0.25, 0.5, 0.75, 1.0)
TARGETS = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)

Item = dict  # id, kind, question (as the composer reads it), texts, scores, on


def lists(container: Container, path: Path) -> list[Item]:
    """The composer's lead candidates of every answerable, single-part question, labelled."""
    service, out = container.answers, []
    for q in load_questions(path):
        if not q.answerable or q.kind == "multi":
            continue
        resolved, retrieval = service.retrieve(q.question, q.previous, k=ANSWER_DEPTH)
        if service.compose(q.question, resolved, retrieval).refused:
            continue
        own = service.own_vector(q.question, resolved)
        cands, _ = typed_candidates(q.question, resolved, retrieval, own)
        top = pool(q.question, cands, TOP)
        if len(top) < 2:
            continue
        texts = [c.unit.text for c in top]
        out.append(
            {
                "id": q.id,
                "kind": q.kind,
                "question": resolved,
                "texts": texts,
                "scores": [c.score for c in top],
                "cls": [[bool(c.values["type"]), bool(c.values["form"])] for c in top],
                "on": [unit_on_point(q, t) for t in texts],
            }
        )
    return out


class LoRA(torch.nn.Module):
    """``base(x) + x·Aᵀ·Bᵀ`` with the base frozen; B starts at zero (the model starts as e5)."""

    def __init__(self, base: torch.nn.Linear, rank: int) -> None:
        super().__init__()
        self.base = base
        self.a = torch.nn.Parameter(torch.randn(rank, base.in_features) * 0.01)
        self.b = torch.nn.Parameter(torch.zeros(base.out_features, rank))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.a.T) @ self.b.T


class Model(torch.nn.Module):
    """e5-small with LoRA on every linear layer and a linear head on the mean-pooled states."""

    def __init__(self, folder: Path, rank: int) -> None:
        super().__init__()
        from transformers import AutoModel

        self.encoder = AutoModel.from_pretrained(str(folder))
        for p in self.encoder.parameters():
            p.requires_grad_(False)
        self.lora: dict[str, LoRA] = {}
        for i, layer in enumerate(self.encoder.encoder.layer):
            for target in TARGETS:
                *path, leaf = target.split(".")
                holder = layer
                for step in path:
                    holder = getattr(holder, step)
                wrapped = LoRA(getattr(holder, leaf), rank)
                setattr(holder, leaf, wrapped)
                self.lora[f"encoder.layer.{i}.{target}.weight"] = wrapped
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        with torch.autocast("cpu", dtype=torch.bfloat16):  # AMX here; the graph runs fp32
            hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        m = mask[:, :, None].float()
        return self.head((hidden.float() * m).sum(1) / m.sum(1)).squeeze(1)


def batch(tokenizer: object, item: Item) -> tuple[torch.Tensor, torch.Tensor]:
    rows = pair_ids(tokenizer, item["question"], item["texts"], MAX_TOKENS)
    width = max(map(len, rows))
    ids = torch.ones(len(rows), width, dtype=torch.long)
    mask = torch.zeros(len(rows), width, dtype=torch.long)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = torch.tensor(row)
        mask[i, : len(row)] = 1
    return ids, mask


def train(folder: Path, tokenizer: object, items: list[Item], seed: int = 0) -> Model:
    torch.manual_seed(seed)
    model = Model(folder, RANK)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=0.01)
    usable = [it for it in items if any(it["on"])]
    order: list[int] = []
    for epoch in range(EPOCHS):
        shuffled = list(range(len(usable)))
        random.Random(seed * 100 + epoch).shuffle(shuffled)
        order += shuffled
    model.train()
    started = time.time()
    for step, i in enumerate(order):
        item = usable[i]
        scores = model(*batch(tokenizer, item))
        on = torch.tensor(item["on"])
        loss = torch.logsumexp(scores, 0) - torch.logsumexp(scores.masked_fill(~on, -1e4), 0)
        (loss / ACCUMULATE).backward()
        if step % ACCUMULATE == ACCUMULATE - 1 or step == len(order) - 1:
            opt.step()
            opt.zero_grad()
        if step % 250 == 0:
            print(f"  step {step}/{len(order)}  {time.time() - started:.0f} s", flush=True)
    return model.eval()


def read(model: Model, tokenizer: object, items: list[Item]) -> list[np.ndarray]:
    with torch.no_grad():
        return [model(*batch(tokenizer, it)).numpy() for it in items]


def voted(item: Item, read: int = READ, gate: float = GATE) -> list[int]:
    """Positions the reader votes on, as in ``reread``: the first ``read`` of the list, those
    of the best structural fit (``same_kind``), and none when the best two are ``gate`` or
    more standard deviations apart."""
    fits = [tuple(c) for c in item.get("cls") or [[False, False]] * len(item["scores"])]
    best = max(fits[:read])
    rows = [i for i in range(min(read, len(fits))) if fits[i] == best]
    base = np.asarray(item["scores"], dtype=float)[rows]
    if len(rows) < 2 or base.std() == 0 or (gate > 0 and base[0] - base[1] >= gate * base.std()):
        return []
    return rows


def lead_on(
    item: Item, reader: np.ndarray | None, mix: float, read: int = READ, gate: float = GATE
) -> bool:
    """Whether the best unit after the reader's vote (on the positions of :func:`voted`) is
    on point."""
    total = np.asarray(item["scores"], dtype=float)
    rows = voted(item, read, gate) if reader is not None else []
    if rows:
        base, said = total[rows], np.asarray(reader)[rows]
        if said.std() > 0:
            total[rows] = base + mix * base.std() * (said - said.mean()) / said.std()
    return bool(item["on"][int(total.argmax())])


def lead_on_reads(item: Item, gate: float, read: int = READ) -> bool:
    return bool(voted(item, read, gate))


def report(items: list[Item], scores: list[np.ndarray], label: str) -> float:
    """P@1 per mix (and per kind for the best); returns the best mix."""
    pairs = list(zip(items, scores, strict=True))
    base = np.mean([lead_on(it, None, 0) for it in items])
    print(f"{label}: n {len(items)}  without reader {base:.3f}")
    for read in READS:
        by_mix = {m: np.mean([lead_on(it, s, m, read) for it, s in pairs]) for m in MIXES}
        print(f"    reading {read}: " + "  ".join(f"mix {m}: {v:.3f}" for m, v in by_mix.items()))
    for gate in GATES[1:]:
        shown = {m: np.mean([lead_on(it, s, m, READ, gate) for it, s in pairs]) for m in MIXES}
        read_share = np.mean([lead_on_reads(it, gate) for it in items])
        print(
            f"    gate {gate} (reads {read_share:.2f}): "
            + "  ".join(f"mix {m}: {v:.3f}" for m, v in shown.items())
        )
    by_mix = {m: np.mean([lead_on(it, s, m) for it, s in pairs]) for m in MIXES}
    best = max(by_mix, key=lambda m: by_mix[m])
    kinds: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for it, s in pairs:
        kinds[it["kind"]].append((lead_on(it, None, 0), lead_on(it, s, best)))
    for kind, leads in sorted(kinds.items()):
        a, b = np.mean([p[0] for p in leads]), np.mean([p[1] for p in leads])
        print(f"    {kind:<11} {len(leads):>4}  {a:.3f} -> {b:.3f}")
    return best


def save(model: Model, mix: float, gate: float, path: Path, note: dict[str, object]) -> None:
    arrays: dict[str, np.ndarray] = {}
    for name, lora in model.lora.items():
        arrays[f"{name}:a"] = lora.a.detach().numpy().astype(np.float16)
        arrays[f"{name}:b"] = lora.b.detach().numpy().astype(np.float16)
    config = {
        "layers": sorted(model.lora),
        "top": TOP,
        "read": READ,
        "max_tokens": MAX_TOKENS,
        "mix": mix,
        "gate": gate,
        "rank": RANK,
        "epochs": EPOCHS,
        "lr": LR,
        **note,
    }
    arrays["head_w"] = model.head.weight.detach().numpy()[0]
    arrays["head_b"] = model.head.bias.detach().numpy()[0]
    arrays["config"] = np.array(json.dumps(config))
    np.savez_compressed(path, allow_pickle=False, **arrays)
    print(f"wrote {path} ({path.stat().st_size // 1024} KB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", choices=["block"], help="5-fold CV over writing batches")
    parser.add_argument("--folds", type=int, default=FOLDS, help="run only the first N folds")
    parser.add_argument("--mix", type=float, default=0.5, help="the reader's vote (see reread)")
    parser.add_argument("--gate", type=float, default=GATE, help="read only when close (reread)")
    parser.add_argument("--check", action="store_true", help="also score the blind check set")
    parser.add_argument("--out", type=Path, default=READER_FILE)
    parser.add_argument("--no-train-set", action="store_true", help=f"dev only, not {TRAIN}")
    parser.add_argument("--oof", type=Path, help="write the out-of-fold lists and scores here")
    args = parser.parse_args()
    container = Container(load_settings().model_copy(update={"reader": False}))  # scores alone
    folder = ensure_e5_model(container.settings.model_cache_dir)
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    items = lists(container, DEV)
    extra = [] if args.no_train_set or not TRAIN.exists() else lists(container, TRAIN)
    print(f"{len(items)} dev lists and {len(extra)} training-set lists of up to {TOP} units")
    if args.cv:  # folds over dev writing batches; the training set is always trained on
        groups = sorted({int(it["id"].split("-")[1]) // BATCH for it in items})
        random.Random(0).shuffle(groups)
        fold = {g: k % FOLDS for k, g in enumerate(groups)}
        held, scores = [], []
        for f in range(args.folds):
            train_on = [it for it in items if fold[int(it["id"].split("-")[1]) // BATCH] != f]
            test = [it for it in items if fold[int(it["id"].split("-")[1]) // BATCH] == f]
            model = train(folder, tokenizer, train_on + extra)
            held += test
            scores += (found := read(model, tokenizer, test))
            report(test, found, f"fold {f}")
        best = report(held, scores, f"out of fold ({args.folds} of {FOLDS} folds)")
        print(f"chosen mix: {best}")
        if args.oof:
            rows = [{**it, "reader": s.tolist()} for it, s in zip(held, scores, strict=True)]
            args.oof.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    else:
        model = train(folder, tokenizer, items + extra)
        sets = f"{DEV}" + (f", {TRAIN}" if extra else "")
        save(
            model,
            args.mix,
            args.gate,
            args.out,
            {"trained_on": sets, "lists": len(items) + len(extra)},
        )
    if args.check:
        check = lists(container, CHECK)
        report(check, read(model, tokenizer, check), "blind check set")


if __name__ == "__main__":
    main()
