package org.minqing.datasets.demo;

import java.util.List;

/**
 * One kind of problem people write about, with several ways to say it. Templates use slots filled
 * by the generator: {estate} {road} {community} {township} {district} {shop} {school} {company}
 * {site} {years} {months} {n} {landmark}.
 *
 * @param code stable ASCII name, used in ground truth
 * @param category 一级分类 the message would be filed under
 * @param department the unit that usually handles it
 * @param titles title templates (the complainant's own summary)
 * @param cores ways to state the problem itself, each a full sentence or two
 * @param details optional extra context sentences
 * @param asks ways to say what should be done
 */
record ProblemType(
    String code,
    String category,
    String department,
    List<String> titles,
    List<String> cores,
    List<String> details,
    List<String> asks) {}
