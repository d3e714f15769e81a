"""``professional_share_of_earned``: professional hours at least the policy's
``professional_share`` of the hours *earned* (Hunan's "专业科目一般不少于总学时的2/3"
read strictly; the product's ruling makes it advice). Needs
``requirements.professional_share``.
"""

from __future__ import annotations

from ..hours import SCALE, ceil_div, text as h
from .base import CheckRule, Outcome


class ProfessionalShareOfEarned(CheckRule):

    def coherence(self, index, check, data, problems):
        if "professional_share" not in data.get("requirements", {}):
            problems.fail(f"checks[{index}].rule", "needs requirements.professional_share")

    def evaluate(self, check, policy, year):
        earned, deemed = year.earned, year.deemed
        share = policy.requirements.professional_share
        p, t = earned["professional"], earned["total"]
        a, b = share.numerator, share.denominator
        cat = policy.categories["professional"]
        frac = f"{a}/{b}"
        if deemed:
            return Outcome(True, f"{deemed}，此项不适用。")
        if b * p >= a * t:
            return Outcome(True, f"{cat} {h(p)} 学时，不少于已取得总学时 {h(t)} 的 {frac}。")
        # smallest x with b(p + x) >= a(t + x), to the whole hour
        extra = ceil_div(a * t - b * p, (b - a) * SCALE) * SCALE
        return Outcome(False, f"{cat} {h(p)} 学时，少于已取得总学时 {h(t)} 的 {frac}；"
                              f"按这一更严格的理解，还需再取得 {h(extra)} 学时{cat}（仅为提示，不影响结论）。",
                       short=("professional", extra))


RULE = ProfessionalShareOfEarned()
