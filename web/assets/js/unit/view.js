// Which people the table shows, in which order: the filter, the search and the sort
// the officer chose. The downloads and the print take the same list.

const FILTERS = {
  all: () => true,
  short: (p) => !p.passed,
  passed: (p) => p.passed,
  prorated: (p) => Boolean(p.prorated),
  deemed: (p) => Boolean(p.deemed),
  advice: (p) => p.advice.length > 0,
};

export const FILTER_LABELS = {
  all: "全部人员", short: "未达到要求的人员", passed: "达到要求的人员", prorated: "按在岗时间折算的人员",
  deemed: "视为完成的人员", advice: "有提示的人员",
};

export const SORT_LABELS = {
  line: "按名单顺序", missing: "按还需学时从多到少", earned: "按已取得总学时从少到多", name: "按姓名",
};

const collator = new Intl.Collator("zh-CN");
const SORTS = {
  line: (a, b) => a.line - b.line,
  missing: (a, b) => b.missing - a.missing || a.line - b.line,
  earned: (a, b) => a.earned.total - b.earned.total || a.line - b.line,
  name: (a, b) => collator.compare(a.name, b.name) || a.line - b.line,
};

/** The people to show, given {filter, sort, search}. */
export function select(people, { filter = "all", sort = "line", search = "" }) {
  const wanted = FILTERS[filter] || FILTERS.all;
  const needle = search.trim().toUpperCase();
  const found = people.filter((p) => wanted(p) && (!needle || p.name.toUpperCase().includes(needle) || p.id_number.includes(needle)));
  return found.sort(SORTS[sort] || SORTS.line);
}

/** In words, for the downloads' header and the print: what the list holds. */
export function describe(choice, shown, total) {
  const parts = [];
  parts.push(choice.filter && choice.filter !== "all" ? `仅${FILTER_LABELS[choice.filter]}` : "全部人员");
  if (choice.search?.trim()) parts.push(`查找“${choice.search.trim()}”`);
  parts.push(`${shown}人（名单中共${total}人）`);
  parts.push(SORT_LABELS[choice.sort] || SORT_LABELS.line);
  return parts.join("，");
}
