#!/usr/bin/python3
"""What an analyst would otherwise write: read the exports, segment with jieba, TF-IDF with
scikit-learn, cluster. Used by scripts/peer-compare for the time ratio against Minqing.

Reads the demo generator's exports (hotline CSV in GBK, web CSV in UTF-8 with BOM, WeChat JSON
Lines), segments title + text with jieba (default mode, one process), builds TF-IDF (min_df 2,
max_df 0.5, sublinear tf) and clusters with MiniBatchKMeans into n/30 clusters (about the issues
Minqing finds per complaint on this data; DBSCAN or agglomerative clustering on 100k TF-IDF rows
need the n² distance matrix and do not finish here). Prints the seconds of each step as JSON.
Usage: peer_jieba_sklearn.py INPUT_DIR [SEED]
"""
import csv
import glob
import json
import sys
import time

t0 = time.time()
import jieba  # noqa: E402
from sklearn.cluster import MiniBatchKMeans  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

jieba.setLogLevel(60)
src = sys.argv[1]
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20261122
times = {"import": time.time() - t0}

t = time.time()
texts = []
for f in sorted(glob.glob(f"{src}/hotline/*.csv")):
    with open(f, encoding="gbk", errors="replace", newline="") as fh:
        for r in csv.DictReader(fh):
            texts.append((r.get("诉求标题") or "") + "。" + (r.get("诉求内容") or ""))
for f in sorted(glob.glob(f"{src}/web/*.csv")):
    with open(f, encoding="utf-8-sig", errors="replace", newline="") as fh:
        for r in csv.DictReader(fh):
            texts.append((r.get("留言主题") or "") + "。" + (r.get("留言详情") or ""))
for f in sorted(glob.glob(f"{src}/wechat/*.jsonl")):
    with open(f, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                texts.append(json.loads(line).get("content") or "")
            except ValueError:
                pass
times["read"] = time.time() - t

t = time.time()
jieba.initialize()
docs = [jieba.lcut(x) for x in texts]
times["segment"] = time.time() - t

t = time.time()
vec = TfidfVectorizer(tokenizer=lambda d: d, preprocessor=lambda d: d, token_pattern=None, lowercase=False, min_df=2, max_df=0.5, sublinear_tf=True)
X = vec.fit_transform(docs)
times["tfidf"] = time.time() - t

t = time.time()
k = max(2, len(texts) // 30)
km = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=1, max_iter=50)
labels = km.fit_predict(X)
times["cluster"] = time.time() - t
times["total"] = time.time() - t0
print(json.dumps({"complaints": len(texts), "chars": sum(len(x) for x in texts), "terms": X.shape[1], "clusters": int(k),
                  "nonempty_clusters": int(len(set(labels.tolist()))), "seconds": {k2: round(v, 1) for k2, v in times.items()}}))
