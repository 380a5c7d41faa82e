package org.minqing.jobs.issues;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import smile.clustering.HierarchicalClustering;
import smile.clustering.linkage.UPGMALinkage;

/**
 * Clusters one bounded block of items (a connected component of the candidate graph) exactly:
 * average-linkage (UPGMA) hierarchical clustering with Smile on cosine distance, cut at a fixed
 * height. Average linkage rather than single: a chain of pairwise-similar complaints (房产证 at
 * estate A ~ 房产证 in general ~ 房产证 at estate B) does not glue two places together, because the
 * whole of one cluster must be close on average to the whole of the other.
 *
 * <p>The distance between two items is {@code 1 − cos} with two domain rules: near-duplicates
 * (SimHash within {@code dupBits}, i.e. reposts) are at distance 0, so they always join and never
 * count as separate issues; and the similarity of the <em>what</em> (place-masked TF-IDF) is scaled
 * by where: raised by {@code placeMatchFactor} when the two name the same fine place, multiplied by {@code placeConflictFactor} when both name
 * fine places and none match (see {@link #samePlace}) — the same problem at two different
 * estates is two issues (one pattern), not one — and by {@code placeUnknownFactor} when either
 * names none.
 *
 * <p>Deterministic: items are sorted by id before clustering; ties in Smile's merge order then
 * depend only on the input. Memory is n(n+1)/2 floats (a block of 4,000 items: 32 MB).
 */
public final class BlockClusterer implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /**
   * An item: a complaint (issue stage) or an issue (pattern stage).
   *
   * @param places fine place cores named anywhere (title, body, the source's estate field)
   * @param subjectPlaces those named in the title: where the problem is, as the complainant sums it up
   * @param anchors for a complaint that names no fine place: its distinctive names, the strongest
   *     words of its <em>what</em> that few complaints of the window use (58车贷); empty otherwise
   */
  public record Item(String id, SparseVector vector, List<String> places, List<String> subjectPlaces, long simhash, double mass, List<String> anchors)
      implements java.io.Serializable {
    public Item(String id, SparseVector vector, List<String> places, List<String> subjectPlaces, long simhash, double mass) {
      this(id, vector, places, subjectPlaces, simhash, mass, List.of());
    }
  }

  /** Where an item ended up: its cluster (the smallest member id), its cosine to the cluster centroid. */
  public record Assignment(String id, String cluster, double similarity, int clusterSize, int distinct, boolean medoid) {}

  /**
   * @param cutHeight average-linkage distance at which the tree is cut
   * @param placeConflictFactor similarity multiplier when both items name fine places and none match
   * @param placeUnknownFactor similarity multiplier when either item names no fine place (1 = ignore places)
   * @param placeMatchFactor similarity multiplier when both name the same fine place (capped at 1)
   * @param dupBits SimHash distance of near-duplicates (−1: no near-duplicate rule)
   */
  public record Params(double cutHeight, double placeConflictFactor, double placeUnknownFactor, double placeMatchFactor, int dupBits) implements java.io.Serializable {}

  private final Params p;

  public BlockClusterer(Params p) {
    this.p = p;
  }

  public double distance(Item a, Item b) {
    if (p.dupBits() >= 0 && Long.bitCount(a.simhash() ^ b.simhash()) <= p.dupBits() && a.simhash() != 0) {
      return 0;
    }
    double sim = a.vector().dot(b.vector());
    if (sim == 0) {
      return 1; // nothing in common: no place rule can change that
    }
    return placeRule(sim, a.places().isEmpty() || b.places().isEmpty() ? PLACE_UNKNOWN : samePlace(a, b) ? PLACE_MATCH : PLACE_CONFLICT);
  }

  private static final int PLACE_UNKNOWN = 0;
  private static final int PLACE_CONFLICT = 1;
  private static final int PLACE_MATCH = 2;

  /** The distance for a non-zero cosine {@code sim} of two complaints whose places relate as given (one of the PLACE_ constants). */
  private double placeRule(double sim, int places) {
    if (places == PLACE_UNKNOWN) {
      sim *= p.placeUnknownFactor();
    } else if (places == PLACE_CONFLICT) {
      sim *= p.placeConflictFactor();
    } else {
      sim = Math.min(1, sim * p.placeMatchFactor());
    }
    return Math.max(0, 1 - sim);
  }

  /**
   * Whether two complaints are about the same place. When both titles name places, a title place
   * must match a place of the other complaint: bodies also name where the writer lives (我家住在…,
   * 我是住在…附近的居民), which says nothing about where the problem is. Otherwise any match counts.
   */
  static boolean samePlace(Item a, Item b) {
    if (!a.subjectPlaces().isEmpty() && !b.subjectPlaces().isEmpty()) {
      return PlaceKeys.overlap(a.subjectPlaces(), b.places()) || PlaceKeys.overlap(a.places(), b.subjectPlaces());
    }
    return PlaceKeys.overlap(a.places(), b.places());
  }

  /** Clusters a block: {@link #groups}, then {@link #describe} each group. */
  public List<Assignment> cluster(List<Item> in) {
    List<Assignment> out = new ArrayList<>(in.size());
    for (List<Item> g : groups(in)) {
      out.addAll(describe(g));
    }
    out.sort(Comparator.comparing(Assignment::id));
    return out;
  }

  /**
   * The clusters of a block, as lists of items (each sorted by id; the lists in the order of their
   * smallest id). With places in play (placeUnknownFactor &lt; 1):
   *
   * <ol>
   *   <li>complaints that say where are clustered on their own (average linkage), so different
   *       places stay apart, and clusters about the same place are merged ({@link #mergeSamePlace});
   *   <li>a complaint that does not say where joins a place's cluster only when it clearly fits one
   *       ({@link #attachScore} above the cut and ahead of the runner-up by {@link #ATTACH_MARGIN});
   *   <li>the rest are clustered among themselves, by what alone.
   * </ol>
   *
   * The issues stage runs the same three steps over Spark, each step on bounded blocks (see
   * IssuesJob#clusterIssues); this method is the in-memory reference of that pipeline.
   */
  public List<List<Item>> groups(List<Item> in) {
    List<Item> items = new ArrayList<>(in);
    items.sort(Comparator.comparing(Item::id));
    if (p.placeUnknownFactor() >= 1) {
      return toItems(items, byLabel(upgma(items, allIndexes(items.size()))));
    }
    List<Item> known = new ArrayList<>();
    List<Item> unknown = new ArrayList<>();
    for (Item it : items) {
      (it.places().isEmpty() ? unknown : known).add(it);
    }
    List<List<Item>> placed = toItems(known, mergeSamePlace(known, byLabel(upgma(known, allIndexes(known.size()))), false));
    List<List<Item>> attached = new ArrayList<>();
    for (List<Item> g : placed) {
      attached.add(new ArrayList<>(g));
    }
    List<Item> rest = new ArrayList<>();
    for (Item u : unknown) {
      double[] scores = new double[placed.size()];
      for (int c = 0; c < placed.size(); c++) {
        scores[c] = attachScore(u, placed.get(c));
      }
      int c = attachTo(scores);
      if (c >= 0) {
        attached.get(c).add(u);
      } else {
        rest.add(u);
      }
    }
    List<List<Item>> out = joinNamedToPlaced(attached, mergeByName(toItems(rest, byLabel(upgma(rest, allIndexes(rest.size()))))));
    for (List<Item> g : out) {
      g.sort(Comparator.comparing(Item::id));
    }
    out.sort(Comparator.comparing((List<Item> g) -> g.get(0).id()));
    return out;
  }

  /**
   * The same-place merge ({@link #mergeSamePlace}) over clusters made in different blocks: when a
   * component was too big to cluster whole it was split by main place, and one problem told by the
   * restaurant's name, by its road and by the estate next door (老地方烧烤 / 桂花路 / 泰庭华府) then
   * ends in three blocks. Groups in, merged groups out (each sorted by id, in order of smallest id).
   */
  public List<List<Item>> mergeGroups(List<List<Item>> groups) {
    List<Item> items = new ArrayList<>();
    Map<Integer, List<Integer>> byLabel = new java.util.TreeMap<>();
    List<List<Item>> sorted = new ArrayList<>(groups);
    sorted.sort(Comparator.comparing((List<Item> g) -> g.stream().map(Item::id).min(Comparator.naturalOrder()).orElse("")));
    for (int c = 0; c < sorted.size(); c++) {
      List<Integer> idx = new ArrayList<>();
      for (Item it : sorted.get(c)) {
        idx.add(items.size());
        items.add(it);
      }
      byLabel.put(c, idx);
    }
    return toItems(items, mergeSamePlace(items, byLabel, true));
  }

  /** Average similarity (1 − distance) of a complaint to the members of a cluster: average linkage to a singleton. */
  public double attachScore(Item u, List<Item> group) {
    double sum = 0;
    for (Item m : group) {
      sum += 1 - distance(u, m);
    }
    return group.isEmpty() ? 0 : sum / group.size();
  }

  /**
   * {@link #attachScore} of each candidate against one group, the same sums (members added in
   * order), from prepared items: one pass over the members, each loaded once.
   */
  public double[] attachScores(List<Item> candidates, List<Item> group) {
    double[] sum = new double[candidates.size()];
    if (group.isEmpty() || candidates.isEmpty()) {
      return sum;
    }
    List<Item> all = new ArrayList<>(group.size() + candidates.size());
    all.addAll(group);
    all.addAll(candidates);
    Prepared pr = new Prepared(all, allIndexes(all.size()));
    int g = group.size();
    for (int m = 0; m < g; m++) {
      pr.load(m);
      for (int c = 0; c < sum.length; c++) {
        sum[c] += 1 - pr.distanceToLoaded(g + c);
      }
    }
    for (int c = 0; c < sum.length; c++) {
      sum[c] /= g;
    }
    return sum;
  }

  /**
   * Which cluster a complaint without a place joins, given its {@link #attachScore} per candidate
   * cluster (in a fixed order): the best, when it is within the cut and ahead of the runner-up by
   * {@link #ATTACH_MARGIN}; −1 when none fits clearly. Ties go to the first.
   */
  public int attachTo(double[] scores) {
    return attachTo(scores, ATTACH_MARGIN);
  }

  /** As {@link #attachTo(double[])} with the lead over the runner-up given (0: the best within the cut wins). */
  public int attachTo(double[] scores, double margin) {
    double best = -1;
    double second = -1;
    int bestIndex = -1;
    for (int c = 0; c < scores.length; c++) {
      if (scores[c] > best) {
        second = best;
        best = scores[c];
        bestIndex = c;
      } else if (scores[c] > second) {
        second = scores[c];
      }
    }
    return bestIndex >= 0 && 1 - best <= p.cutHeight() && best - Math.max(second, 0) >= margin ? bestIndex : -1;
  }

  /**
   * Per member of one final cluster: the cluster id (its smallest member id), the cosine to the
   * centroid, the size, the number of distinct texts, and whether it is the medoid (closest to the
   * centroid; ties to the smaller id).
   */
  public List<Assignment> describe(List<Item> in) {
    List<Item> g = new ArrayList<>(in);
    g.sort(Comparator.comparing(Item::id));
    Map<String, Double> acc = new HashMap<>();
    for (Item it : g) {
      it.vector().addTo(acc, it.mass());
    }
    SparseVector centroid = SparseVector.normalised(acc);
    String clusterId = g.get(0).id();
    double best = -1;
    int medoid = 0;
    double[] sims = new double[g.size()];
    for (int k = 0; k < g.size(); k++) {
      sims[k] = g.get(k).vector().dot(centroid);
      if (sims[k] > best + 1e-12) {
        best = sims[k];
        medoid = k;
      }
    }
    int distinct = distinct(g);
    List<Assignment> out = new ArrayList<>(g.size());
    for (int k = 0; k < g.size(); k++) {
      out.add(new Assignment(g.get(k).id(), clusterId, Math.round(sims[k] * 1e4) / 1e4, g.size(), distinct, k == medoid));
    }
    return out;
  }

  private static Map<Integer, List<Integer>> byLabel(int[] label) {
    Map<Integer, List<Integer>> groups = new java.util.TreeMap<>();
    for (int i = 0; i < label.length; i++) {
      groups.computeIfAbsent(label[i], k -> new ArrayList<>()).add(i);
    }
    return groups;
  }

  private static List<List<Item>> toItems(List<Item> items, Map<Integer, List<Integer>> groups) {
    List<List<Item>> out = new ArrayList<>();
    for (List<Integer> g : groups.values()) {
      List<Item> l = new ArrayList<>(g.size());
      for (int i : g) {
        l.add(items.get(i));
      }
      l.sort(Comparator.comparing(Item::id));
      out.add(l);
    }
    out.sort(Comparator.comparing((List<Item> l) -> l.get(0).id()));
    return out;
  }

  /**
   * Centroid similarity above which two clusters of complaints that name no place, sharing a name
   * (an anchor held by half the members of each), are one issue.
   */
  static final double SAME_NAME_MERGE = 0.3;

  /**
   * Centroid similarity that two clusters sharing a name must still reach without the names they
   * share: a rare name is often a place the nlp module did not recognise (张记米粉, 丰收社区), and two
   * problems there (油烟扰民 / 办卡后跑路) are alike only through it. The 58车贷 clusters are
   * 0.26–0.43 alike without 车贷 (measured outside Minqing on the clusters before this merge);
   * with this test the generated 100,000 complaints give the same issues as without the merge.
   */
  static final double SAME_NAME_REST = 0.2;

  /** A name held by more clusters of a block than this is no name but a common word there. */
  static final int MAX_NAME_CLUSTERS = 32;

  /**
   * Merges clusters of complaints that name no place when they share a <em>name</em> (an anchor held
   * by at least half the members of each) and their centroids are at least {@link #SAME_NAME_MERGE}
   * alike, and at least {@link #SAME_NAME_REST} without the names they share: the place-less
   * counterpart of {@link #mergeSamePlace}. The victims of one P2P platform
   * (58车贷) write at length and in different words; average linkage, which needs the members
   * themselves to be alike, left 15 of their messages on 附件3 in 7 issues, while the platform's name
   * is in all of them and in almost nothing else. Decisions are taken on the clusters as they came out
   * of the tree (union of all qualifying pairs: independent of order). Groups in, groups out (each
   * sorted by id, in order of smallest id).
   */
  List<List<Item>> mergeByName(List<List<Item>> groups) {
    int g = groups.size();
    if (g < 2) {
      return groups;
    }
    Map<String, List<Integer>> postings = new java.util.TreeMap<>();
    List<java.util.Set<String>> names = new ArrayList<>(g);
    for (int i = 0; i < g; i++) {
      java.util.Set<String> own = names(groups.get(i));
      for (String n : own) {
        postings.computeIfAbsent(n, k -> new ArrayList<>()).add(i);
      }
      names.add(own);
    }
    int[] parent = new int[g];
    for (int i = 0; i < g; i++) {
      parent[i] = i;
    }
    List<Map<String, Double>> sums = new ArrayList<>(java.util.Collections.nCopies(g, (Map<String, Double>) null));
    boolean any = false;
    for (List<Integer> post : postings.values()) {
      if (post.size() < 2 || post.size() > MAX_NAME_CLUSTERS) {
        continue;
      }
      for (int x = 0; x < post.size(); x++) {
        for (int y = x + 1; y < post.size(); y++) {
          int a = post.get(x);
          int b = post.get(y);
          int ra = find(parent, a);
          int rb = find(parent, b);
          if (ra == rb) {
            continue;
          }
          for (int c : new int[] {a, b}) {
            if (sums.get(c) == null) {
              sums.set(c, sum(groups.get(c)));
            }
          }
          if (sameName(sums.get(a), sums.get(b), names.get(a), names.get(b)) >= 0) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
            any = true;
          }
        }
      }
    }
    if (!any) {
      return groups;
    }
    Map<Integer, List<Item>> merged = new java.util.TreeMap<>();
    for (int i = 0; i < g; i++) {
      merged.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).addAll(groups.get(i));
    }
    List<List<Item>> out = new ArrayList<>(merged.values());
    for (List<Item> l : out) {
      l.sort(Comparator.comparing(Item::id));
    }
    out.sort(Comparator.comparing((List<Item> l) -> l.get(0).id()));
    return out;
  }

  /**
   * The names of a group: the anchors that at least half of its members hold. Only complaints without
   * a place have anchors (IssuesJob computes them for those alone), so a placed cluster has names
   * only when complaints without a place that joined it make half of it.
   */
  static java.util.Set<String> names(List<Item> members) {
    Map<String, Integer> held = new java.util.TreeMap<>();
    for (Item it : members) {
      if (it.places().isEmpty()) {
        for (String a : new java.util.TreeSet<>(it.anchors())) {
          held.merge(a, 1, Integer::sum);
        }
      }
    }
    java.util.Set<String> own = new java.util.TreeSet<>();
    for (var e : held.entrySet()) {
      if (2 * e.getValue() >= members.size()) {
        own.add(e.getKey());
      }
    }
    return own;
  }

  /**
   * Whether two groups sharing a name are one issue, from their summed vectors and names: the
   * centroids' cosine when it is at least {@link #SAME_NAME_MERGE} and at least {@link #SAME_NAME_REST}
   * without the names both hold, else −1.
   */
  static double sameName(Map<String, Double> sumA, Map<String, Double> sumB, java.util.Set<String> namesA, java.util.Set<String> namesB) {
    double sim = SparseVector.normalised(sumA).dot(SparseVector.normalised(sumB));
    return sim >= SAME_NAME_MERGE && alikeWithout(sumA, sumB, namesA, namesB) >= SAME_NAME_REST ? sim : -1;
  }

  /**
   * Joins place-less groups to a placed cluster that complaints without a place joined, when they
   * share a name ({@link #names}) and {@link #sameName} holds: each place-less group joins at most one,
   * the most alike (ties: the smaller first id). On 附件3 one 58车贷 message names a firm in its body
   * (通过唐大公司选代表), so it is a placed cluster; three place-less 58车贷 messages attached to it
   * (the best clear fit among the placed clusters) before the other eleven were clustered, and the
   * platform's investors were two issues of 11 and 4. Placed clusters are never joined to each other
   * here: that is the same-place merge's decision. Groups in (placed, then place-less), groups out
   * (each sorted by id, in order of smallest id).
   */
  List<List<Item>> joinNamedToPlaced(List<List<Item>> placed, List<List<Item>> placeless) {
    List<java.util.Set<String>> placedNames = new ArrayList<>();
    Map<String, List<Integer>> postings = new java.util.TreeMap<>();
    for (int i = 0; i < placed.size(); i++) {
      java.util.Set<String> n = names(placed.get(i));
      placedNames.add(n);
      for (String a : n) {
        postings.computeIfAbsent(a, k -> new ArrayList<>()).add(i);
      }
    }
    List<List<Item>> out = new ArrayList<>();
    for (List<Item> g : placed) {
      out.add(new ArrayList<>(g));
    }
    Map<Integer, Map<String, Double>> placedSums = new HashMap<>();
    for (List<Item> r : placeless) {
      java.util.Set<String> rn = postings.isEmpty() ? java.util.Set.of() : names(r);
      java.util.Set<Integer> candidates = new java.util.TreeSet<>();
      for (String a : rn) {
        List<Integer> post = postings.get(a);
        if (post != null && post.size() <= MAX_NAME_CLUSTERS) {
          candidates.addAll(post);
        }
      }
      int best = -1;
      double bestSim = -1;
      Map<String, Double> rs = candidates.isEmpty() ? null : sum(r);
      for (int c : candidates) {
        double sim = sameName(placedSums.computeIfAbsent(c, k -> sum(placed.get(k))), rs, placedNames.get(c), rn);
        if (sim > bestSim || sim == bestSim && sim >= 0 && placed.get(c).get(0).id().compareTo(placed.get(best).get(0).id()) < 0) {
          bestSim = sim;
          best = c;
        }
      }
      if (best >= 0 && bestSim >= 0) {
        out.get(best).addAll(r);
      } else {
        out.add(new ArrayList<>(r));
      }
    }
    for (List<Item> g : out) {
      g.sort(Comparator.comparing(Item::id));
    }
    out.sort(Comparator.comparing((List<Item> g) -> g.get(0).id()));
    return out;
  }

  /** Cosine of two clusters' centroids (their members' summed vectors) without the names both hold. */
  private static double alikeWithout(Map<String, Double> sumA, Map<String, Double> sumB, java.util.Set<String> namesA, java.util.Set<String> namesB) {
    Map<String, Double> ca = new HashMap<>(sumA);
    Map<String, Double> cb = new HashMap<>(sumB);
    for (String n : namesA) {
      if (namesB.contains(n)) {
        ca.remove(n);
        cb.remove(n);
      }
    }
    return SparseVector.normalised(ca).dot(SparseVector.normalised(cb));
  }

  /** Centroid similarity above which two clusters about the same main place are one issue. */
  static final double SAME_PLACE_MERGE = 0.2;

  /**
   * Centroid similarity above which two clusters with the same main place are taken for one problem
   * even past the cap of a merge across blocks: parts of one issue too big for one block.
   */
  static final double SAME_PROBLEM = 0.5;

  /**
   * Merges clusters whose main places are the same (or a third of one cluster names the other's
   * main place, and the centroids are twice as alike: "滨江路路灯不亮 … 船员宿舍对面那一段" and "船员宿舍对面的路灯") and whose centroids are
   * at least {@link #SAME_PLACE_MERGE} alike: the same problem at one place told in different words
   * ("沙田路一直没有硬化" and "这条路…路面全是坑") that average linkage left apart.
   */
  private Map<Integer, List<Integer>> mergeSamePlace(List<Item> items, Map<Integer, List<Integer>> groups, boolean capped) {
    List<Integer> labels = new ArrayList<>(groups.keySet());
    labels.sort(null);
    int k = labels.size();
    String[] main = new String[k];
    SparseVector[] cen = new SparseVector[k];
    List<Map<String, Integer>> named = new ArrayList<>();
    List<Map<String, Integer>> counts = new ArrayList<>();
    List<Map<String, Double>> accs = new ArrayList<>();
    int[] size = new int[k];
    for (int c = 0; c < k; c++) {
      List<Item> members = new ArrayList<>();
      for (int i : groups.get(labels.get(c))) {
        members.add(items.get(i));
      }
      Places pl = places(members);
      Map<String, Double> acc = sum(members);
      named.add(pl.named());
      counts.add(pl.subject());
      accs.add(acc);
      size[c] = members.size();
      main[c] = pl.main();
      cen[c] = SparseVector.normalised(acc);
    }
    int[] parent = new int[k];
    int[] total = size.clone();
    int[] largestPart = size.clone();
    for (int c = 0; c < k; c++) {
      parent[c] = c;
    }
    // the pairs that may merge, in index order: every rule needs centroids at least SAME_PLACE_MERGE
    // alike, so only those pairs are looked at (found through the terms they share, not by comparing
    // all k² pairs)
    SparseVector[] placed = new SparseVector[k];
    for (int c = 0; c < k; c++) {
      placed[c] = main[c] == null ? null : cen[c];
    }
    List<int[]> pairs = new ArrayList<>();
    for (double[] near : SparseVector.pairsAtLeast(placed, SAME_PLACE_MERGE)) {
      int a = (int) near[0];
      int b = (int) near[1];
      double sim = near[2];
      boolean same = PlaceKeys.sameCore(main[a], main[b]);
      boolean mentioned = sim >= 2 * SAME_PLACE_MERGE && (names(named.get(a), size[a], main[b]) || names(named.get(b), size[b], main[a]));
      boolean neighbours = sim >= 2 * SAME_PLACE_MERGE && nearby(named.get(a), size[a], named.get(b), size[b]);
      if (same || mentioned || neighbours) {
        pairs.add(new int[] {a, b});
      }
    }
    // what each merged group is: its members' places and summed vectors (the cluster's own maps,
    // merged into the root's as groups grow; every pair's own numbers were computed above)
    String[] groupMain = main.clone();
    SparseVector[] groupCen = cen.clone();
    boolean[] stale = new boolean[k];
    for (int[] pr : pairs) {
      int ra = find(parent, pr[0]);
      int rb = find(parent, pr[1]);
      if (ra == rb) {
        continue;
      }
      // capped (across blocks, where thousands of clusters meet): a merge may at most double the
      // larger of its original clusters, so merges cannot chain through a busy road into one
      // cluster of thousands (seen at 100 k: 18,460 complaints, purity 0.05) — unless the two
      // groups are the same problem at the same place ({@link #sameProblem}): the parts of one
      // issue too big for one block (1 M: 沙田路's 9,511 complaints in four clusters of 1,559–2,954)
      boolean ok = !capped || total[ra] + total[rb] <= 2 * Math.max(largestPart[ra], largestPart[rb]);
      if (!ok) {
        for (int r : new int[] {ra, rb}) {
          if (stale[r]) {
            groupMain[r] = mainPlace(counts.get(r));
            groupCen[r] = SparseVector.normalised(accs.get(r));
            stale[r] = false;
          }
        }
        ok = sameProblem(groupMain[ra], groupMain[rb], groupCen[ra].dot(groupCen[rb]), named.get(ra), total[ra], named.get(rb), total[rb]);
      }
      if (ok) {
        parent[ra] = rb;
        total[rb] += total[ra];
        largestPart[rb] = Math.max(largestPart[rb], largestPart[ra]);
        if (capped) { // the group's places and vector, the smaller map merged into the larger
          mergeInto(counts, ra, rb, Integer::sum);
          mergeInto(named, ra, rb, Integer::sum);
          mergeInto(accs, ra, rb, Double::sum);
          stale[rb] = true;
        }
      }
    }
    Map<Integer, List<Integer>> out = new HashMap<>();
    for (int c = 0; c < k; c++) {
      out.computeIfAbsent(find(parent, c), x -> new ArrayList<>()).addAll(groups.get(labels.get(c)));
    }
    return out;
  }

  /**
   * Two groups of clusters are one problem at one place: their main places share a core, their
   * centroids are at least {@link #SAME_PROBLEM} alike, at least a third of each names the other's
   * main place, and they are not two places of their own ({@link #twoPlaces}):
   * "雅景公寓配套幼儿园迟迟不开办" and "香城名城配套幼儿园迟迟不开办" share the place-like 配套幼儿园
   * but are two estates.
   */
  static boolean sameProblem(String mainA, String mainB, double sim, Map<String, Integer> namedA, int sizeA, Map<String, Integer> namedB, int sizeB) {
    return mainA != null && mainB != null && sim >= SAME_PROBLEM && PlaceKeys.sameCore(mainA, mainB) && names(namedA, sizeA, mainB) && names(namedB, sizeB, mainA)
        && !twoPlaces(namedA, sizeA, namedB, sizeB);
  }

  /**
   * Two clusters with different main places are one issue: centroids at least {@link #SAME_PROBLEM}
   * alike, a third of one naming the other's main place ("老地方烧烤油烟" named with 桂花路, and
   * "桂花路烧烤店油烟") — that very place, not one merely containing it (号线桂花, from
   * 地铁二号线桂花路站, contains 桂花) — and not two places of their own ({@link #twoPlaces}). The
   * link is only as good as the places: before {@link PlaceKeys} stopped taking "责令工地" (from
   * "希望责令工地晚上停止施工") for a site, a cluster with the main place 责令 linked the night works
   * of four building sites at a million complaints. Clusters told from one neighbourhood
   * ({@link #nearby}) link too.
   */
  static boolean linkedAcrossPlaces(String mainA, String mainB, double sim, Map<String, Integer> namedA, int sizeA, Map<String, Integer> namedB, int sizeB) {
    return mainA != null && mainB != null && sim >= SAME_PROBLEM
        && ((namesExactly(namedA, sizeA, mainB) || namesExactly(namedB, sizeB, mainA)) && !twoPlaces(namedA, sizeA, namedB, sizeB) || nearby(namedA, sizeA, namedB, sizeB));
  }

  /**
   * Two groups are told from one neighbourhood: a third of each names one place (the estate or
   * community the complainants live in, given by the source or in the text), and they are not two
   * places of their own ({@link #twoPlaces}). "滨江路路灯不亮" and "船员宿舍对面的路灯坏了很久" come from
   * the same estate, and few complaints name both the road and the landmark; two estates' deed
   * backlogs in one community each name an estate of their own, so they stay apart.
   */
  static boolean nearby(Map<String, Integer> namedA, int sizeA, Map<String, Integer> namedB, int sizeB) {
    for (var e : namedA.entrySet()) {
      if (e.getValue() * 3 >= sizeA && PlaceKeys.core(e.getKey()) != null && namesExactly(namedB, sizeB, e.getKey())) {
        return !twoPlaces(namedA, sizeA, namedB, sizeB);
      }
    }
    return false;
  }

  /** True when at least a third of a group's members name {@code place} itself. */
  private static boolean namesExactly(Map<String, Integer> named, int size, String place) {
    return named.getOrDefault(place, 0) * 3 >= size;
  }

  /**
   * A group's main place (ties: the smallest name), how many of its members have each place as a
   * subject (their title's places, else all their places; sorted by name) and how many name each place at all.
   */
  public record Places(String main, Map<String, Integer> subject, Map<String, Integer> named) {}

  /** The places of a group of items. */
  static Places places(List<Item> members) {
    Map<String, Integer> count = new java.util.TreeMap<>();
    Map<String, Integer> any = new HashMap<>();
    for (Item it : members) {
      for (String pl : it.subjectPlaces().isEmpty() ? it.places() : it.subjectPlaces()) {
        count.merge(pl, 1, Integer::sum);
      }
      for (String pl : new java.util.HashSet<>(it.places())) {
        any.merge(pl, 1, Integer::sum);
      }
    }
    return new Places(mainPlace(count), count, any);
  }

  /** The sum of a group's vectors (its centroid once normalised). */
  static Map<String, Double> sum(List<Item> members) {
    Map<String, Double> acc = new HashMap<>();
    for (Item it : members) {
      it.vector().addTo(acc, 1);
    }
    return acc;
  }

  /** Each group names a place of its own (a third of it) that the other hardly names (a tenth): two places, whatever else they share. */
  static boolean twoPlaces(Map<String, Integer> namedA, int sizeA, Map<String, Integer> namedB, int sizeB) {
    return ownPlace(namedA, sizeA, namedB, sizeB) && ownPlace(namedB, sizeB, namedA, sizeA);
  }

  /** True when a third of group A names a place that at most a tenth of group B names. */
  private static boolean ownPlace(Map<String, Integer> namedA, int sizeA, Map<String, Integer> namedB, int sizeB) {
    for (var e : namedA.entrySet()) {
      if (e.getValue() * 3 >= sizeA && PlaceKeys.core(e.getKey()) != null) {
        int inB = 0;
        for (var f : namedB.entrySet()) {
          if (PlaceKeys.sameCore(f.getKey(), e.getKey())) {
            inB = Math.max(inB, f.getValue());
          }
        }
        if (inB * 10 <= sizeB) {
          return true;
        }
      }
    }
    return false;
  }

  /** The most frequent place (ties: the smallest name). */
  private static String mainPlace(Map<String, Integer> count) {
    return count.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .map(Map.Entry::getKey).orElse(null);
  }

  /** Adds the map at {@code from} to the one at {@code to} (the larger absorbs the smaller; {@code to} ends with the sum). */
  private static <V> void mergeInto(List<Map<String, V>> maps, int from, int to, java.util.function.BinaryOperator<V> plus) {
    Map<String, V> a = maps.get(from);
    Map<String, V> b = maps.get(to);
    Map<String, V> big = a.size() > b.size() ? a : b;
    Map<String, V> small = big == a ? b : a;
    for (var e : small.entrySet()) {
      big.merge(e.getKey(), e.getValue(), plus);
    }
    maps.set(to, big);
    maps.set(from, Map.of());
  }

  /** True when at least a third of a cluster's members name {@code place} somewhere. */
  private static boolean names(Map<String, Integer> named, int size, String place) {
    int n = 0;
    for (var e : named.entrySet()) {
      if (PlaceKeys.sameCore(e.getKey(), place)) {
        n = Math.max(n, e.getValue());
      }
    }
    return n * 3 >= size;
  }

  /** How much better the best place's cluster must fit a complaint without a place than the next. */
  static final double ATTACH_MARGIN = 0.1;

  private static List<Integer> allIndexes(int n) {
    List<Integer> l = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      l.add(i);
    }
    return l;
  }

  /** Average-linkage labels (0..k-1) of the items at {@code idx}, cut at the configured height. */
  private int[] upgma(List<Item> items, List<Integer> idx) {
    int n = idx.size();
    if (n < 2) {
      return new int[n];
    }
    // Smile's proximity layout: lower triangle by columns, index(i, j) for i ≥ j.
    float[] prox = new float[n * (n + 1) / 2];
    Prepared pr = new Prepared(items, idx);
    for (int j = 0; j < n; j++) {
      int base = prox.length - (n - j) * (n - j + 1) / 2 - j;
      pr.load(j);
      for (int i = j + 1; i < n; i++) {
        prox[base + i] = (float) pr.distanceToLoaded(i);
      }
    }
    HierarchicalClustering hc = HierarchicalClustering.fit(new UPGMALinkage(n, prox));
    // The tree is cut here, not with Smile's partition(height): that one (Smile 2.6.0) picks the
    // clusters' roots as the k smallest node ids among the children of the last k - 1 merges with
    // an IntHeapSelect that does not always keep the k smallest, and so put a complaint that joined
    // anything only at 0.90 into a cluster of 11 at the cut 0.72 (附件3: a traffic light on 黄兴大道
    // in 涉外经济学院's internship issue; 14 pairs of its block of 140 were wrong). {@link #cut} joins
    // exactly the merges at or below the height. It also takes the trees Smile refuses
    // ("Non-monotonic cluster tree": float rounding in the average linkage can make a merge a hair
    // lower than the one before it).
    return cut(hc.getTree(), hc.getHeight(), n, p.cutHeight());
  }

  /**
   * Items prepared for many pairwise {@link #distance}s (a block's n² / 2): the terms numbered in
   * their string order, one item at a time {@link #load loaded} into an array by term id, and the
   * other item's terms walked in id order — the same products added in the same order as {@link
   * SparseVector#dot}, so the same doubles — and {@link #samePlace} looked up once per pair of
   * place lists (a block's complaints mostly name the same few). 430 → 41 ns a pair on a
   * 3,000-item block.
   */
  final class Prepared {
    private final int[][] terms;
    private final float[][] weights;
    private final long[] simhash;
    private final boolean[] placed;
    private final int[] sig;
    private final List<Item> bySig = new ArrayList<>();
    /** samePlace of two signatures: 0 not known yet, 1 no, 2 yes; null when there are too many signatures to tabulate. */
    private final byte[] same;
    /** The loaded item's weights by term id (0 where it lacks the term). */
    private final float[] dense;
    private int loaded = -1;

    Prepared(List<Item> items, List<Integer> idx) {
      int n = idx.size();
      Map<String, Integer> ids = new HashMap<>();
      for (int k : idx) {
        for (String t : items.get(k).vector().terms()) {
          ids.putIfAbsent(t, 0);
        }
      }
      String[] sorted = ids.keySet().toArray(new String[0]);
      Arrays.sort(sorted);
      for (int i = 0; i < sorted.length; i++) {
        ids.put(sorted[i], i);
      }
      terms = new int[n][];
      weights = new float[n][];
      simhash = new long[n];
      placed = new boolean[n];
      sig = new int[n];
      Map<List<List<String>>, Integer> sigs = new HashMap<>();
      for (int x = 0; x < n; x++) {
        Item it = items.get(idx.get(x));
        String[] ts = it.vector().terms();
        terms[x] = new int[ts.length];
        for (int i = 0; i < ts.length; i++) {
          terms[x][i] = ids.get(ts[i]);
        }
        weights[x] = it.vector().weights();
        simhash[x] = it.simhash();
        placed[x] = !it.places().isEmpty();
        Integer s = sigs.get(Arrays.asList(it.places(), it.subjectPlaces()));
        if (s == null) {
          s = bySig.size();
          sigs.put(Arrays.asList(it.places(), it.subjectPlaces()), s);
          bySig.add(it);
        }
        sig[x] = s;
      }
      same = bySig.size() <= 2048 ? new byte[bySig.size() * bySig.size()] : null;
      dense = new float[sorted.length];
    }

    /** Makes y the item {@link #distanceToLoaded} measures from. */
    void load(int y) {
      if (loaded >= 0) {
        for (int t : terms[loaded]) {
          dense[t] = 0;
        }
      }
      for (int i = 0; i < terms[y].length; i++) {
        dense[terms[y][i]] = weights[y][i];
      }
      loaded = y;
    }

    /**
     * {@link #distance}(x, loaded item). The dot product walks x's terms in id order and adds
     * weight × the loaded weight: a term the loaded item lacks adds +0.0 (weights are positive), so
     * the sum is the merge's, term for term.
     */
    double distanceToLoaded(int x) {
      int y = loaded;
      if (p.dupBits() >= 0 && Long.bitCount(simhash[x] ^ simhash[y]) <= p.dupBits() && simhash[x] != 0) {
        return 0;
      }
      int[] a = terms[x];
      float[] wa = weights[x];
      double sim = 0;
      for (int i = 0; i < a.length; i++) {
        sim += (double) wa[i] * dense[a[i]];
      }
      return placeRule(x, y, sim);
    }

    /** The rest of {@link BlockClusterer#distance} once the cosine is known. */
    private double placeRule(int x, int y, double sim) {
      if (sim == 0) {
        return 1;
      }
      return BlockClusterer.this.placeRule(sim, !placed[x] || !placed[y] ? PLACE_UNKNOWN : samePlaces(x, y) ? PLACE_MATCH : PLACE_CONFLICT);
    }

    private boolean samePlaces(int x, int y) {
      if (same == null) {
        return samePlace(bySig.get(sig[x]), bySig.get(sig[y]));
      }
      int k = sig[x] * bySig.size() + sig[y];
      if (same[k] == 0) {
        same[k] = (byte) (samePlace(bySig.get(sig[x]), bySig.get(sig[y])) ? 2 : 1);
      }
      return same[k] == 2;
    }
  }

  /**
   * Labels (0..k-1, numbered by first member) of the clusters formed by the merges at or below
   * {@code height}: Smile's tree has row i merging nodes tree[i][0] and tree[i][1] (leaves are
   * 0..n-1) into node n + i.
   */
  static int[] cut(int[][] tree, double[] heights, int n, double height) {
    int[] parent = new int[2 * n - 1];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    for (int i = 0; i < tree.length; i++) {
      if (heights[i] <= height) {
        parent[find(parent, tree[i][0])] = n + i;
        parent[find(parent, tree[i][1])] = n + i;
      }
    }
    int[] label = new int[n];
    Map<Integer, Integer> ids = new HashMap<>();
    for (int leaf = 0; leaf < n; leaf++) {
      label[leaf] = ids.computeIfAbsent(find(parent, leaf), r -> ids.size());
    }
    return label;
  }


  /** Members that are not near-duplicates of one another (reposts collapse to one). */
  private int distinct(List<Item> g) {
    if (g.size() > 2000) {
      return g.size(); // very large clusters: counting distinct texts exactly is not worth n²; the size stands in
    }
    int[] parent = new int[g.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    // reposts: SimHash within dupBits, or cosine ≥ 0.95 (those pairs found through shared terms);
    // the number of groups does not depend on the order the pairs are joined in
    if (p.dupBits() >= 0) {
      for (int a = 0; a < g.size(); a++) {
        Item x = g.get(a);
        if (x.simhash() == 0) {
          continue;
        }
        for (int b = a + 1; b < g.size(); b++) {
          if (Long.bitCount(x.simhash() ^ g.get(b).simhash()) <= p.dupBits()) {
            parent[find(parent, a)] = find(parent, b);
          }
        }
      }
    }
    SparseVector[] vs = new SparseVector[g.size()];
    for (int i = 0; i < vs.length; i++) {
      vs[i] = g.get(i).vector();
    }
    for (double[] pair : SparseVector.pairsAtLeast(vs, 0.95)) {
      parent[find(parent, (int) pair[0])] = find(parent, (int) pair[1]);
    }
    int roots = 0;
    for (int i = 0; i < parent.length; i++) {
      if (find(parent, i) == i) {
        roots++;
      }
    }
    return roots;
  }

  private static int find(int[] p, int i) {
    while (p[i] != i) {
      p[i] = p[p[i]];
      i = p[i];
    }
    return i;
  }
}
