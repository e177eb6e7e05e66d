# Builds assets/minilm-static-128.bin and assets/minilm-vocab.txt from
# sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0). NOT part of the build: the assets
# are committed; this records how they were made. Needs numpy, scipy, safetensors.
#
#   python tools/minilm_static.py MODEL_DIR OUT_DIR [CACHE.npy]
#
# 1. Every WordPiece token of the vocabulary is run through the model on its own, as
#    "[CLS] tok [SEP]", and the three output vectors are mean-pooled (Model2Vec-style
#    static distillation): one 384-dim vector per token.
# 2. PCA over all token vectors (generic, nothing from any evaluation) to 128 dims.
# 3. int8 with a per-dimension scale (max |x| / 127).
#
# File format (little-endian): b"RMS1", u32 vocab size V, u32 dims D, D x f32 scales,
# V x D x i8 (row t = token t of the vocabulary file, one token a line).
import os, shutil, struct, sys
import numpy as np
import scipy.special
from safetensors.numpy import load_file

model_dir, out_dir = sys.argv[1], sys.argv[2]
cache = sys.argv[3] if len(sys.argv) > 3 else None
D = 128
W = load_file(os.path.join(model_dir, 'model.safetensors'))
H, NH = 384, 12

def ln(x, p):
    m = x.mean(-1, keepdims=True); v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + 1e-12) * W[p + '.weight'] + W[p + '.bias']

def lin(x, p):
    return x @ W[p + '.weight'].T + W[p + '.bias']

def forward(ids):  # BERT encoder, no padding: ids (B, L)
    B, L = ids.shape
    x = (W['embeddings.word_embeddings.weight'][ids]
         + W['embeddings.position_embeddings.weight'][:L][None]
         + W['embeddings.token_type_embeddings.weight'][0])
    x = ln(x, 'embeddings.LayerNorm')
    for i in range(6):
        p = f'encoder.layer.{i}.'
        q, k, v = (lin(x, p + 'attention.self.' + n).reshape(B, L, NH, 32).transpose(0, 2, 1, 3)
                   for n in ('query', 'key', 'value'))
        a = q @ k.transpose(0, 1, 3, 2) / np.sqrt(32)
        a = np.exp(a - a.max(-1, keepdims=True)); a /= a.sum(-1, keepdims=True)
        c = (a @ v).transpose(0, 2, 1, 3).reshape(B, L, H)
        x = ln(x + lin(c, p + 'attention.output.dense'), p + 'attention.output.LayerNorm')
        h = lin(x, p + 'intermediate.dense')
        h = 0.5 * h * (1 + scipy.special.erf(h / np.sqrt(2)))
        x = ln(x + lin(h, p + 'output.dense'), p + 'output.LayerNorm')
    return x

if cache and os.path.exists(cache):
    tab = np.load(cache)
else:
    V = W['embeddings.word_embeddings.weight'].shape[0]
    tab = np.zeros((V, H), np.float32)
    for s in range(0, V, 1024):
        ids = np.arange(s, min(V, s + 1024))
        seq = np.stack([np.full_like(ids, 101), ids, np.full_like(ids, 102)], 1)
        tab[s:s + len(ids)] = forward(seq).mean(1)
        print(s, flush=True)
    if cache:
        np.save(cache, tab)

V = tab.shape[0]
mu = tab.mean(0)
X = (tab - mu).astype(np.float64)
vals, vecs = np.linalg.eigh(X.T @ X / V)
order = np.argsort(vals)[::-1][:D]
P = (X @ vecs[:, order]).astype(np.float32)
print('variance kept', vals[order].sum() / vals.sum())
scale = np.abs(P).max(0) / 127.0
Q = np.clip(np.round(P / scale), -127, 127).astype(np.int8)
os.makedirs(out_dir, exist_ok=True)
with open(os.path.join(out_dir, 'minilm-static-128.bin'), 'wb') as f:
    f.write(b'RMS1' + struct.pack('<II', V, D))
    f.write(scale.astype('<f4').tobytes())
    f.write(Q.tobytes())
shutil.copy(os.path.join(model_dir, 'vocab.txt'), os.path.join(out_dir, 'minilm-vocab.txt'))
