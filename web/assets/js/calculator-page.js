// The self-check page (/calculator/): reads the build-time form, asks the
// Python worker for an assessment as the person types, and shows the answer
// with the clause behind every figure. The pieces live in ./calculator/.
import { calculator, InputError } from "./runtime.js";
import { spec } from "./calculator/clauses.js";
import { ask } from "./calculator/dialog.js";
import { $, $$, debounce } from "./shared/dom.js";
import { clearErrors, reveal } from "./calculator/errors.js";
import * as F from "./calculator/form.js";
import { wireStatus } from "./calculator/status.js";
import * as store from "./calculator/store.js";
import { reportSaveFailures } from "./shared/save-failure.js";
import { wireTabs } from "./calculator/tabs.js";
import { wireToolbar } from "./calculator/toolbar.js";
import { fillReportHead, renderFailure, renderProblem, renderSpan, renderYear, wirePeek } from "./calculator/view.js";

// The answers are kept in this browser; a save that fails is said, not swallowed.
reportSaveFailures("需要时请用“导出”保存到文件。");

const app = $("#calc");
let ready = false;
let problem = null;   // where the current input error is, for "转到该处"

// The answers go to Python as typed; it reads the numbers (full-width digits
// too) and answers with the engine input it made and the result, or the input
// error naming the field by its path in that input.
let sequence = 0;
async function recalculate() {
  if (!ready) return;
  const policy = F.activePolicy();
  const mine = ++sequence;
  try {
    const answer = await calculator.call("answers", { policy, mode: F.mode(), answers: F.readDraft(policy) });
    if (mine !== sequence) return;
    clearErrors();
    if (answer.error) {
      problem = renderProblem(new InputError(answer.error), answer.input);
      return;
    }
    problem = null;
    fillReportHead();
    (answer.mode === "span" ? renderSpan : renderYear)(answer.result);
  } catch (error) {
    if (mine !== sequence) return;
    clearErrors();
    renderFailure(error);
  }
}
const schedule = debounce(recalculate, 250);

// ---- keeping answers --------------------------------------------------------------

const persist = () => store.save(F.readAnswers());

/** Put answers (or none) in the form and recalculate, without saving them. */
function show(answers) {
  if (answers) F.writeAnswers(answers);
  else F.clearAll();
  schedule.now();
}

function write(answers) {
  show(answers);
  persist();
}

/** Open the answers carried by a share link (#s=...), asking before they
 *  replace answers already saved in this browser. */
async function openShared() {
  let shared = null;
  try {
    shared = store.fromFragment();
  } catch {
    toolbar.say("分享链接已损坏，无法读取其中的内容。");
  }
  if (location.hash.startsWith("#s=")) store.dropFragment();
  if (!shared) return;
  const saved = store.load();
  const policy = shared.policy;
  const mine = saved?.drafts?.[policy];
  const differs = mine && !F.isEmpty({ drafts: { [policy]: mine } }) && !store.sameAnswers(mine, shared.drafts[policy]);
  if (differs && !(await ask({
    title: "打开分享的自查内容？",
    message: `这个链接带有一份“${spec(policy).policy.short_name}”的自查内容，本浏览器中已保存了您之前填写的内容。打开链接中的内容会替换您保存的这部分内容。`,
    confirm: "打开链接中的内容", cancel: "保留我的内容",
  }))) {
    toolbar.say("已保留您保存的内容，未打开链接中的内容。");
    return;
  }
  // Only the notice the link is for: a link (even a hand-made one) never touches the
  // answers kept for another notice.
  write({ v: 1, policy, drafts: { ...(saved?.drafts || {}), [policy]: shared.drafts[policy] } });
  toolbar.say("已打开分享链接中的自查内容。");
}

async function restore() {
  const saved = store.load();
  if (saved) F.writeAnswers(saved);
  else F.showActive();
  await openShared();
}

// ---- wiring ---------------------------------------------------------------------------

const form = F.form;
for (const sec of $$(".calc-policy", form)) {
  const circ = $(".calc-circumstances", sec);
  if (circ) F.labelFields(circ, `calc-${sec.dataset.policy}-circ`);
}

function changed(event) {
  event.target.closest(".calc-activity")?.removeAttribute("data-pristine");
  if (event.target.matches('#calc-policy, [data-role="mode"], [data-apply], [data-role="prior"]')) F.showActive();
  persist();
  schedule();
}
form.addEventListener("input", changed);
form.addEventListener("change", changed);
form.addEventListener("submit", (event) => { event.preventDefault(); schedule.now(); });

form.addEventListener("click", (event) => {
  const add = event.target.closest(".calc-add-button");
  if (add) {
    const sheet = add.closest(".calc-sheet");
    const item = F.addActivity(sheet, $(".calc-kind", sheet).value);
    $("[data-field]", item)?.focus();
  }
  const remove = event.target.closest(".calc-remove");
  if (remove) F.removeEntry(remove.closest(".calc-activity"));
  if (event.target.closest('[data-action="add-posting"]')) $("[data-field]", F.addPosting())?.focus();
  if (add || remove || event.target.closest('[data-action="add-posting"]')) { persist(); schedule(); }
});
$(".calc-output", app).addEventListener("click", (event) => {
  if (event.target.closest("[data-goto]") && problem) reveal(problem);
});
wireTabs(form);

const toolbar = wireToolbar(app, {
  read: F.readAnswers,
  write,
  isEmpty: F.isEmpty,
  beforePrint: fillReportHead,
});
window.addEventListener("beforeprint", () => {
  fillReportHead();
  for (const disclosure of $$(".calc-output details, .calc-details details", app)) disclosure.open = true;
});
// A share link pasted into the address bar of an open page changes only the fragment.
window.addEventListener("hashchange", openShared);
// Two tabs of this page share one saved copy: each shows what the other saved, so
// the next edit in either starts from the latest answers instead of writing an
// older copy over them.
store.watchOtherTabs(() => show(store.load()));

wirePeek();

wireStatus(app, calculator, () => { ready = true; schedule.now(); });
restore();
// Inputs wired and saved answers back: what `make bench` reports as "form usable".
performance.mark("calculator:form-ready");
