package org.minqing.datasets.demo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;

/** The demo city's places: districts → townships → communities → estates, plus roads per district. */
final class Places {
  record Estate(String district, String township, String community, String name) {}

  final List<Estate> estates = new ArrayList<>();
  final List<List<String>> roadsByDistrict = new ArrayList<>();

  Places(long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5EEDL);
    var usedCommunities = new LinkedHashSet<String>();
    var usedEstates = new LinkedHashSet<String>();
    int d = 0;
    for (List<String> district : Vocabulary.DISTRICTS) {
      String dn = district.get(0);
      for (String township : district.subList(1, district.size())) {
        for (int c = 0; c < 3; c++) {
          String community;
          do {
            String stem = Vocabulary.COMMUNITY_STEMS.get(r.nextInt(Vocabulary.COMMUNITY_STEMS.size()));
            community = stem + (dn.endsWith("县") || township.endsWith("镇") || township.endsWith("乡") ? (r.nextBoolean() ? "村" : "社区") : "社区");
          } while (!usedCommunities.add(township + community));
          for (int e = 0; e < 3; e++) {
            String estate;
            do {
              estate = Vocabulary.ESTATE_A.get(r.nextInt(Vocabulary.ESTATE_A.size()))
                  + Vocabulary.ESTATE_B.get(r.nextInt(Vocabulary.ESTATE_B.size()))
                  + Vocabulary.ESTATE_SUFFIX.get(r.nextInt(Vocabulary.ESTATE_SUFFIX.size()));
            } while (!usedEstates.add(estate));
            estates.add(new Estate(dn, township, community, estate));
          }
        }
      }
      List<String> roads = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        roads.add(Vocabulary.ROADS.get(d * 5 + i));
      }
      roadsByDistrict.add(roads);
      d++;
    }
  }

  int districtIndex(String district) {
    for (int i = 0; i < Vocabulary.DISTRICTS.size(); i++) {
      if (Vocabulary.DISTRICTS.get(i).get(0).equals(district)) {
        return i;
      }
    }
    throw new IllegalArgumentException("Unknown demo district " + district);
  }

  Estate estateNamed(String name) {
    return estates.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
  }
}
