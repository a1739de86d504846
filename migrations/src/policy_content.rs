//! The programme's policies as first shipped, in Tandem's own words. Staff edit them in the
//! app afterwards (each edit a new version, and a new version of a policy mentors accept asks
//! them to accept it again); this only seeds a new database.

use crate::help_content::Answer;

/// `section` says whom a policy is for; `/policies/{slug}` is its address.
pub const POLICIES: &[Answer] = &[
    Answer {
        slug: "safeguarding",
        section: "For everyone",
        question: "Safeguarding children and adults policy",
        body: "Everyone on Tandem shares one duty: to keep young people, and the adults around them, safe from harm. This policy says what that means for mentors, young people, partner organisations and our own team.\n\n\
Who it covers: every young person on the programme (aged 14 to 25, and pupils aged 15 to 17 who join through their school or youth partner), every volunteer mentor, every Mentoring Coordinator at a partner organisation, and the Tandem team.\n\n\
How we keep people safe before anyone meets:\n\
- Every mentor has an enhanced DBS check and two satisfactory references before approval, and the check must be valid for the whole mentoring period.\n\
- Every mentor completes the online training and a group workshop, which cover safeguarding, before being matched.\n\
- Young people under 18 belong to a partner institution and attend its induction; all contact with them goes through their Mentoring Coordinator.\n\n\
How sessions stay safe:\n\
- Adult pairs hold their first sessions online. In person, pairs meet only in public places: where the mentor works, where the young person studies, a café or a library. Never at either person's home.\n\
- Under-18s meet their mentor online or at their school's or youth partner's premises, arranged through the Mentoring Coordinator.\n\
- Mentors never share personal phone numbers or social media with an under-18, never give lifts, and never arrange to meet outside what Tandem records.\n\n\
If you are worried about someone:\n\
- If anyone is in immediate danger, call 999 first.\n\
- If a young person tells you something worrying, listen calmly and do not promise to keep it secret: explain that you must pass it on to keep them safe.\n\
- Report it the same day with \"Report a concern\" on Tandem, in the young person's own words where you can. Do not investigate yourself.\n\n\
Where a concern goes: a concern about a young person at a school or youth partner goes at once to that institution's safeguarding contact (their Designated Safeguarding Lead or Mentoring Coordinator). Tandem's Designated Safeguarding Lead sees every concern and handles those about young people with no partner institution. Everything done about a concern is recorded in a case that only the people handling it can read.\n\n\
Adults at risk: the same steps apply when a young person over 18, or a mentor, may be at risk of harm or abuse.\n\n\
Breaking this policy: a mentor who breaks it may be paused or removed from the programme, and we will tell the authorities where the law requires it.",
    },
    Answer {
        slug: "code-of-conduct",
        section: "For mentors",
        question: "Code of conduct for mentors",
        body: "As a Tandem mentor you give a young person one hour a month for up to twelve months. This code says how we ask you to behave while you do it.\n\n\
Be there:\n\
- Keep to your monthly session, and log it on Tandem afterwards. If you cannot make a session, tell your mentee (or their Mentoring Coordinator) as early as you can and arrange another.\n\
- Stay for the planned length of the relationship, usually nine to twelve months. If it is not working, talk to the Tandem team rather than fading away.\n\n\
Keep it professional:\n\
- The relationship is about the young person's goals, not yours. Listen more than you talk, and do not push your views on religion, politics or lifestyle.\n\
- Keep contact within Tandem or, for adults who both agree, professional channels such as email or LinkedIn. With under-18s, all contact goes through their Mentoring Coordinator.\n\
- Never meet at either person's home, never give lifts, and never drink alcohol during a session.\n\
- Follow the gifts and hospitality policy: declare everything, whatever its value.\n\n\
Respect privacy:\n\
- Keep what your mentee tells you confidential, except where it suggests someone is at risk of harm: then follow the safeguarding policy and report it the same day.\n\
- Do not post about your mentee, or photographs of them, anywhere.\n\n\
Treat everyone fairly: respect every young person whatever their background, identity, beliefs or abilities, and challenge discrimination when you see it.\n\n\
Tell us: if your circumstances change (a new job, a criminal conviction or caution, a move abroad), tell the Tandem team straight away.\n\n\
If this code is broken, the Tandem team may pause a match, end a mentor's role, and where a young person may be at risk, follow the safeguarding policy.",
    },
    Answer {
        slug: "gifts-and-hospitality",
        section: "For mentors",
        question: "Gifts and hospitality policy",
        body: "Small thanks are part of any good relationship: a coffee after a session, a book that helped you. This policy keeps them modest and open, so that they never put pressure on a young person, never look like a reward for a favour, and keep every mentor within the UK Bribery Act 2010 and our commitment to safeguarding.\n\n\
What counts: any gift, and any hospitality such as food, drink, tickets or a trip, that a mentor gives to or receives from their mentee, or from the mentee's family or institution.\n\n\
The limit: £25. A mentor may give or accept a gift or hospitality worth up to £25. Anything worth more than £25 needs the Tandem team's agreement before it is given or accepted.\n\n\
Declare everything: record every gift or hospitality you give or receive on the Gifts page of Tandem, whatever its value, within a week. The Tandem team reviews the register, and declarations above the limit are flagged to them.\n\n\
Never:\n\
- give or lend money, or pay for anything for a young person privately;\n\
- give lifts, or gifts to an under-18 outside what their Mentoring Coordinator knows about;\n\
- offer or accept anything meant to influence a decision, such as a job, a place or a reference: that could be a bribe under the UK Bribery Act 2010, whatever its value.\n\n\
If you are offered something over the limit: thank your mentee and hand it back politely. If that would upset them, keep it unused, declare it, and the Tandem team will agree with you what to do.",
    },
    Answer {
        slug: "online-safety",
        section: "For young people",
        question: "Staying safe online: a guide for young people",
        body: "Most of your mentoring happens online, so here is how to keep it safe and comfortable.\n\n\
Your sessions:\n\
- Use the video room or link on your match page. Join from somewhere you feel comfortable, and where you would be happy for your mentor to see the background.\n\
- You can turn your camera off, or end a call, at any time if something feels wrong.\n\
- If you are under 18, your Mentoring Coordinator arranges your sessions and passes on messages: your mentor will never ask you for your phone number or social media.\n\n\
Your personal information:\n\
- Do not share your home address, passwords, or photographs you would not want others to see.\n\
- Your mentor will never ask you for money, gifts or favours, or to keep a secret from the people who look after you.\n\
- If you are 18 or over, you choose whether to share contact details with your mentor, and you can keep using messages on Tandem instead.\n\n\
Your account: use a password you do not use anywhere else, and sign out on shared computers. Turn on two-step verification on your account page if you can.\n\n\
If something worries you: if your mentor, or anyone you meet through Tandem, makes you feel uncomfortable, unsafe or pressured, tell someone you trust: your Mentoring Coordinator, a teacher, or the Tandem team with \"Report a concern\". You will not be in trouble for telling us. If you are in danger now, call 999. You can also talk to Childline free on 0800 1111 at any time.",
    },
];
