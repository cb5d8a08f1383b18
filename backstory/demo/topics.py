"""What the demo's touches were about: summaries, Markdown notes and the action items that
came out of them, written the way a PR person writes them after a coffee.

Placeholders filled per interaction: {first} (the main person's first name), {team},
{org}, {beat}, {customer}, {colleague}, {exec}, {product}, {event}, {city}, {month} (the
month after the touch), {quarter}, {n}, {pct}, {days}.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    summary: str
    notes: tuple[str, ...]
    actions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    value: str = ""
    # Kinds of touch this topic fits; empty means any kind the circle uses.
    kinds: tuple[str, ...] = ()


T = Topic

INTERNAL = [
    T("Heads-up: {customer} about to sign",
      ("{first} mentioned **{customer}** is about to sign a three-year deal for {product}. "
       "Procurement is done, legal is on the last redlines.",
       "- {customer} signing for {product}, ~{n}00 seats\n- Their finance director is "
       "*very* happy with the pilot: month-end close down by {days} days\n- {first} thinks "
       "they would do a case study if we ask after go-live, not before",
       "Great tip from {first}: **{customer}** chose us over two bigger rivals. The deciding "
       "factor was the forecasting accuracy in the pilot ({pct}% closer than their "
       "spreadsheet).\n\nPossible angles:\n\n1. Customer story for the {quarter} newsletter\n"
       "2. Data point for the late-payments index\n3. Speaker for Northwind Connect"),
      ("Ask {first} when {customer} goes live so we can plan a case study",
       "Draft a one-page customer-story brief on {customer}",
       "Check with Legal whether we can name {customer} publicly"),
      ("customer-story",), "received"),
    T("Employee achievement: {colleague}",
      ("{first} told me {colleague} has been shortlisted for *Engineer of the Year* at "
       "{event}. Nobody outside the team knows yet.",
       "- {colleague} ran the {city} marathon for the young carers' charity, raised £{n},"
       "{n}00\n- Team is very proud; {first} has photos\n- Good one for the intranet and "
       "maybe the regional paper",
       "Lovely human-interest story: {colleague} joined as an apprentice {n} years ago and "
       "now leads the payments reliability work. {first} suggested a *day in the life* "
       "piece for the careers page."),
      ("Write an intranet post about {colleague}'s news",
       "Ask {first} for photos of {colleague} for the careers page",
       "Pitch {colleague}'s story to the Harbourside Herald"),
      ("human-interest", "employee-story"), "received"),
    T("Launch plans for {product}",
      ("Walked through the {product} launch plan with {first}. Date is moving to **{month}**.",
       "**Launch: {product}**\n\n- Target date: mid-{month} (was end of this month)\n- "
       "Beta customers: {customer} and two others\n- Risk: pricing page not signed off\n- "
       "{first} wants a press moment, not just a blog post",
       "{first} shared the {product} roadmap. Three things for comms:\n\n- We need one "
       "customer willing to talk on launch day\n- The demo video should be under 90 "
       "seconds\n- Embargo briefings to three tier-1 titles, a week ahead"),
      ("Draft the {product} launch timeline and share with {first}",
       "Shortlist three journalists for {product} embargo briefings",
       "Book a review of the {product} press release with {first}"),
      ("launch",), "mutual"),
    T("Heads-up: possible issue",
      ("{first} gave me a heads-up: a customer complaint about failed payouts is doing the "
       "rounds on social media. Engineering says it is fixed; holding statement ready.",
       "- Incident last night on Instant Payouts, ~{n}00 merchants affected for 40 minutes\n"
       "- Root cause understood, post-mortem on Friday\n- {first} will tell me first if "
       "a journalist calls support",
       "**Confidential.** {first} flagged that the {city} office lease decision may leak "
       "before the staff briefing. Agreed to prepare a Q&A and a holding line just in case."),
      ("Prepare a holding statement and Q&A with {first}",
       "Brief the CEO's office on the heads-up from {first}"),
      ("heads-up", "risk"), "received"),
    T("Hiring news in {team}",
      ("{team} is hiring {n} people in {city} next quarter — a nice regional jobs angle.",
       "- {n} new roles in {team}, mostly {city}\n- First graduate scheme for the team\n- "
       "{first} happy to be quoted",),
      ("Check the hiring numbers with People & Culture before we pitch them",
       "Add {team}'s hiring plans to the regional media grid"),
      ("hiring",), "received"),
    T("All-hands prep",
      ("Helped {first} shape the story for the all-hands: three messages, one slide each.",
       "{first} asked for help with the {quarter} all-hands section. We agreed:\n\n- Open with "
       "the customer win, not the numbers\n- One slide, one message\n- Rehearse on "
       "Wednesday"),
      ("Send {first} the all-hands slide template and speaker notes",),
      ("internal-comms",), "gave"),
    T("Catch-up",
      ("Quick catch-up; nothing urgent. {first} is back from holiday in {city}.",
       "Talked about everything but work for once. {first}'s team is stretched this month.",
       "Caught up on the reorganisation in {team}; {first} is cautiously positive."),
      (), (), "", ("coffee", "cafeteria", "meal", "one_on_one")),
    T("Quick question from {first}",
      ("{first} asked on Slack whether we can mention {customer} in the {product} blog post. "
       "Checking with Legal.",
       "{first} sent over the draft FAQ for {product}. Two answers promise too much; "
       "suggested softer wording.",
       "Shared the media coverage round-up with {first}; they forwarded it to the whole of "
       "{team}."),
      ("Check with Legal about naming {customer} and reply to {first}",
       "Send {first} the edited {product} FAQ"),
      ("internal-comms",), "gave", ("message", "email", "video")),
    T("Data story idea",
      ("{first} has new numbers: {pct}% of customers now use {product} weekly. Could anchor "
       "a data story.",
       "**Data nugget** from {first}:\n\n- Average invoice is paid {days} days late in "
       "construction, half that in retail\n- Sample is big enough to publish\n- Needs "
       "Legal to check anonymisation"),
      ("Ask {first} for the anonymised dataset behind the late-payments numbers",
       "Sketch a data-story pitch for Capital Tribune"),
      ("data-story",), "received"),
    # Notes and action items come from TEAM_MEETINGS: what you hear depends on the team.
    T("Sat in on the {team} meeting", (), (), ("listening",), "received", ("team_meeting",)),
    T("Speaking opportunity",
      ("{first} would like to speak at {event}; offered to help with the abstract.",
       "- {first} keen to speak at {event}\n- Deadline for abstracts in {month}\n- Topic idea: "
       "*what finance teams really want from software*"),
      ("Send {first} the {event} call for speakers",
       "Review {first}'s abstract for {event}"),
      ("speaking",), "gave"),
]

MEDIA = [
    T("What {first} is working on",
      ("{first} is working on a piece about {beat} for {month}; looking for a customer "
       "voice and some data.",
       "**{first} ({org})**\n\n- Working on: cash-flow stress in mid-sized firms\n- Needs: a "
       "finance director on the record, plus numbers\n- Deadline: end of {month}\n- Not "
       "interested in exec comment alone",
       "Long chat with {first} about the {org} forward plan. Themes for the next quarter: "
       "{beat}, late payments, and AI in finance teams. {first} is tired of *AI-washing* "
       "pitches — wants real deployments with numbers."),
      ("Send {first} two customer contacts for the {beat} piece",
       "Share the latest late-payments data with {first}",
       "Check whether {customer} would talk to {org}"),
      ("pitch-idea",), "mutual"),
    T("Embargoed briefing on {product}",
      ("Briefed {first} under embargo on {product}. Interested in the customer angle; "
       "wants to talk to {customer}.",
       "- Embargo until launch day, 07:00\n- {first} asked for pricing and a customer\n- "
       "Offered an interview with {exec}\n- Likely a short news piece plus a longer feature "
       "later"),
      ("Send {first} the {product} embargoed press kit",
       "Set up {first}'s interview with {exec}"),
      ("launch", "embargo"), "gave", ("video", "phone", "coffee", "email")),
    T("Coverage follow-up",
      ("{first}'s piece ran today — fair, quoted {exec} twice. Sent a thank-you.",
       "Coverage in {org}: balanced piece on {beat}; our data used as the lead. One small "
       "error on the founding year — {first} corrected it within the hour.",
       "- Piece on {beat} is live\n- Our customer {customer} quoted well\n- {first} asked "
       "to stay in touch for the next index"),
      ("Share {first}'s article on the intranet and with Sales",
       "Send {customer} the link and a thank-you"),
      ("coverage",), "mutual", ("email", "phone", "message", "social")),
    T("Catching up with {first}",
      ("Nothing to pitch; talked about the newsroom reshuffle.",
       "{first} is moving to a new desk at {org} in {month}. Still covering {beat} for now.",
       "Good catch-up with {first}: they are writing a book on the history of money in "
       "{city}. Offered to connect them with our archive."),
      ("Send {first} a note about the archive photos",), (), "gave",
      ("coffee", "meal", "event")),
    T("Pitch declined",
      ("Pitched the funding angle to {first}; a polite no — too soon after the last round "
       "story.",
       "{first} passed on the {product} story: *not enough news for our readers*. Fair. "
       "Said they would take the customer version."),
      ("Rework the {product} pitch around a customer for {first}",),
      ("pitch",), "", ("email", "phone")),
    T("Interview request",
      ("{first} wants 20 minutes with {exec} on {beat}. Sent three slots.",
       "**Interview request** from {first} ({org})\n\n- Topic: {beat}\n- Format: "
       "recorded, 30 minutes\n- Date: next week\n- {exec} to be briefed on the recent "
       "coverage"),
      ("Prepare a briefing note for {exec} before {first}'s interview",
       "Confirm the interview slot with {first}"),
      ("interview",), "gave", ("email", "phone", "message")),
    T("Asking for our data",
      ("{first} asked for our late-payments figures for the quarterly piece. Said yes, "
       "pending Legal.",
       "- Wants regional breakdown ({city} vs the rest)\n- Deadline: Thursday\n- Will "
       "credit Northwind Labs"),
      ("Get the regional late-payments numbers to {first} by Thursday",),
      ("data-story",), "gave", ("email", "phone")),
    T("Met at {event}",
      ("Bumped into {first} at {event}; introduced them to {colleague}.",
       "At {event}: {first} was moderating the fintech panel. Good questions on regulation. "
       "Swapped notes on who is worth listening to."),
      ("Follow up with {first} after {event}",),
      ("event",), "mutual", ("event",)),
    T("Heads-up call",
      ("{first} called asking about rumours of an outage. Gave the holding statement; "
       "offered a briefing with our CTO.",
       "**Crisis watch:** {first} heard about job cuts at a rival and asked whether we are "
       "affected. Answered on background: we are hiring in {city}."),
      ("Update the outage Q&A after {first}'s call",),
      ("heads-up", "crisis"), "mutual", ("phone",)),
    T("Programme booking",
      ("{first} may book {exec} for a segment on {beat}. Need a second voice: a customer.",
       "- Live segment, 6 minutes\n- {first} wants a customer with a real story\n- Pre-call "
       "on Monday"),
      ("Find a customer voice for {first}'s segment",),
      ("broadcast",), "gave", ("phone", "email")),
]

CUSTOMER = [
    T("Quarterly review with {org}",
      ("{first} is happy with {product}: month-end close down by {days} days. Open to a "
       "case study after go-live.",
       "**{org} — QBR**\n\n- Rollout complete in {n} entities\n- Biggest win: fewer "
       "late-payment chasers\n- Would do a case study; wants approval from their CEO\n- "
       "Pain point: bank-feed delays on Mondays"),
      ("Send {first} the case-study questions",
       "Ask Customer Success for {org}'s usage numbers"),
      ("customer-story", "case-study"), "received", ("video", "event", "meal")),
    T("Speaking at Northwind Connect",
      ("Asked {first} to speak at Northwind Connect. Keen, if it is a panel rather than a "
       "keynote.",
       "- Panel on *finance teams after the spreadsheet*\n- {first} wants to bring a "
       "colleague\n- Travel from {city}"),
      ("Confirm {first}'s panel slot at Northwind Connect",
       "Send {first} the speaker brief"),
      ("speaker",), "mutual", ("video", "email", "phone")),
    T("Reference for a journalist",
      ("{first} agreed to talk to a journalist about their rollout. Briefed them on what "
       "to expect.",
       "Prepped {first} for the interview: three messages, the numbers they can share, and "
       "what to avoid (pricing)."),
      ("Connect {first} with the journalist and confirm timing",),
      ("reference",), "received", ("video", "phone")),
    T("Feedback from {org}",
      ("{first} frustrated about the invoice sync; looped in Customer Success.",
       "- Issue: duplicate invoices after the update\n- Escalated to CS; fix promised\n- "
       "Worth a note to Product: three customers have said the same"),
      ("Check with Customer Success that {org}'s issue is closed",),
      ("listening", "feedback"), "gave", ("video", "email", "phone")),
    T("Awards entry",
      ("{first} would like to enter the finance-transformation award together. Deadline "
       "in {month}.",),
      ("Draft the joint awards entry with {first}",),
      ("awards",), "mutual", ("video", "email")),
    T("Met at {event}",
      ("Saw {first} at {event}; they introduced me to their new CFO.",
       "At {event}: {first} told the room about their rollout without being asked. "
       "Lovely."),
      (), ("event",), "received", ("event",)),
]

INDUSTRY = [
    T("Comparing notes on measurement",
      ("Swapped notes with {first} on measuring share of voice. They dropped AVEs years "
       "ago.",
       "- {first} measures *message pull-through* in tier-1 coverage\n- Uses a simple "
       "monthly dashboard, three numbers\n- Offered to share their template"),
      ("Send {first} our coverage dashboard in return",),
      ("measurement",), "mutual"),
    T("Joint research idea",
      ("{first} suggested co-publishing a report on late payments with {org}.",
       "**Idea:** joint report with {org}\n\n- Their survey + our payments data\n- Launch at "
       "{event}\n- Need Legal on both sides"),
      ("Outline the joint report with {first}",), ("research",), "mutual"),
    T("Panel at {event}",
      ("Prepared the {event} panel with {first}: who says what, no overlap.",),
      ("Share panel questions with {first}",), ("speaking",), "mutual",
      ("video", "coffee", "event")),
    T("Career news",
      ("{first} has a new role starting in {month}. Congratulated them.",
       "{first} is leaving {org}; thinking about going freelance."),
      (), (), "", ("message", "social", "email", "coffee")),
    T("Intro to a journalist",
      ("{first} offered to introduce me to a trade journalist covering climate finance.",),
      ("Thank {first} for the intro",), ("intro",), "received"),
]

COMMUNITY = [
    T("{event}",
      ("{event}: about 40 people. {first} asked for a speaker from Engineering.",
       "Good energy at {event}. {first} wants more women speakers from product teams."),
      ("Find an Engineering speaker for {first}'s meetup",), ("meetup",), "gave",
      ("event",)),
    T("Volunteering",
      ("Talked with {first} about our volunteers for the spring programme.",),
      ("Ask People & Culture about volunteering days for {first}'s programme",),
      ("volunteering",), "gave"),
    T("Newsletter slot",
      ("{first} offered us a slot in their newsletter for the {product} launch.",),
      ("Write 150 words for {first}'s newsletter",), ("community",), "received"),
]

MENTOR = [
    T("Mentoring session",
      ("Talked about making the case for a bigger comms budget. {first}'s advice: tie it to "
       "pipeline, not coverage.",
       "**With {first}**\n\n- How to say no to the CEO's pet project\n- Building a bench of "
       "spokespeople\n- Read: the crisis chapter {first} recommended",
       "{first} pushed me on my own development: am I building a team or a function? "
       "Homework: write the one-page vision."),
      ("Write the one-page comms vision {first} suggested",
       "Send {first} an update on the budget conversation"),
      ("mentoring",), "received"),
]

MENTEE = [
    T("Mentoring {first}",
      ("Reviewed {first}'s pitch e-mail. Suggested a shorter subject line and leading with "
       "the reader.",
       "- {first} nervous about presenting to the leadership team\n- Practised the first two "
       "minutes\n- Next time: media interview role-play",
       "{first} got their first piece of coverage! Talked about what made the pitch work."),
      ("Send {first} examples of good pitch e-mails",
       "Introduce {first} to {colleague} for a chat about in-house comms"),
      ("mentoring",), "gave"),
]

JOB_SEEKER = [
    T("Informational interview",
      ("Informational interview with {first}. Suggested talking to {colleague} and "
       "watching the Northwind careers page.",
       "- {first}: strong writer, great references\n- Looking for: {wants}\n- "
       "I can intro to two people; {colleague} first"),
      ("Introduce {first} to {colleague}",
       "Send {first}'s CV to our Talent Acquisition Lead"),
      ("jobs",), "gave"),
]

FRIEND = [
    T("Catch-up",
      ("Dinner with {first}. Long overdue.", "Sunday run with {first}, 14 km.",
       "Quick messages about the weekend."),
      (), (), "", ()),
]

OTHER = [
    T("Supplier",
      ("Booked {first} for Northwind Connect.", "Walked through the event plan with {first}."),
      ("Confirm the booking with {first}",), ("events",), "", ()),
]

# What sitting in on another team's meeting gives you: (notes, action items) by team.
TEAM_MEETINGS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Sales": (
        ("Sat in on the Sales pipeline review. Three deals mention our forecasting accuracy; "
         "that is our message.",
         "Sales pipeline review:\n\n- {customer} expanding to {n} more entities\n- Two "
         "churn risks, both about integrations\n- {first} will flag customers who are happy "
         "to talk"),
        ("Follow up with {first} on the customers from the pipeline review",
         "Ask {first} which of this quarter's wins could go public"),
    ),
    "Customer Success": (
        ("Sat in on the Customer Success weekly. Onboarding time is down to {days} days; "
         "{customer} sent the team a thank-you cake.",
         "Customer Success weekly:\n\n- NPS up {n} points this quarter\n- {customer} is "
         "a candidate for the advocacy programme\n- Support volume spiked after the "
         "{product} update"),
        ("Ask {first} for three customers who would join the advocacy programme",
         "Share the onboarding numbers with Product Marketing"),
    ),
    "Engineering": (
        ("Sat in on the Engineering incident review. Calm, blameless, good write-up — worth "
         "showing on the engineering blog.",
         "Engineering all-hands:\n\n- {product} beta is stable; {pct}% fewer errors\n- "
         "Two engineers speaking at {event}\n- Hiring {n} more in {city}"),
        ("Ask {first} whether the incident write-up can go on the engineering blog",
         "Offer {first} help with the {event} talk slides"),
    ),
    "Product": (
        ("Sat in on the Product roadmap review. {product} is the big bet for next "
         "quarter; the launch date is still soft.",
         "Product review:\n\n- {product} usability tests went well\n- Pricing still open\n"
         "- {first} wants comms at the table six weeks before launch, not two"),
        ("Put the {product} launch on the comms calendar with {first}",),
    ),
    "Product Marketing": (
        ("Sat in on the Product Marketing launch stand-up: messaging for {product} is "
         "nearly there, customer proof is missing.",),
        ("Find a customer proof point for {first}'s {product} messaging",),
    ),
    "People & Culture": (
        ("Sat in on the People & Culture planning meeting. Engagement survey results are "
         "in: pride in the product is the top score.",
         "People & Culture team meeting:\n\n- Graduate scheme doubling next year\n- "
         "Parental-leave policy refresh in {month}\n- {first} wants help announcing it "
         "internally first"),
        ("Draft the internal announcement of the new parental-leave policy with {first}",),
    ),
    "Finance": (
        ("Sat in on the Finance quarter-close meeting. Quiet period starts on the 20th — no "
         "numbers to journalists until results.",),
        ("Add the quiet period to the media calendar",),
    ),
    "Legal": (
        ("Sat in on the Legal team meeting: new rules on financial promotions mean every "
         "customer quote about savings needs a check.",),
        ("Agree a fast-track review of customer quotes with {first}",),
    ),
    "Design": (
        ("Sat in on the Design crit. The new brand illustrations are lovely — want them in "
         "the press kit.",),
        ("Ask {first} for the new illustrations for the press kit",),
    ),
    "Executive Office": (
        ("Sat in on the leadership team meeting. Strategy offsite in {month}; the CEO wants "
         "a story for the year, not a list of launches.",
         "Leadership meeting:\n\n- Board in {month}\n- Possible acquisition talks — "
         "**confidential**\n- Comms to prepare scenarios"),
        ("Prepare comms scenarios for the leadership team",),
    ),
}

TOPICS: dict[str, list[Topic]] = {
    "internal": INTERNAL, "media": MEDIA, "customer": CUSTOMER, "industry": INDUSTRY,
    "community": COMMUNITY, "mentor": MENTOR, "mentee": MENTEE, "job_seeker": JOB_SEEKER,
    "friend": FRIEND, "other": OTHER,
}

# Standalone action items: things that did not come out of one conversation.
STANDALONE_ACTIONS = [
    "Update the media list for the {product} launch",
    "Book the photographer for Northwind Connect",
    "Renew the media-monitoring subscription",
    "Draft the {quarter} comms plan",
    "Send thank-you notes after {event}",
    "Refresh the spokesperson bios on the press page",
    "Review the crisis playbook with Legal",
    "Write the monthly internal newsletter",
    "Collect customer logos we are allowed to use",
    "Prepare the coverage report for the board",
    "Plan the press breakfast at the Boathouse Rooms",
    "Update {first}'s details after their move",
    "Check in with {first} — it has been a while",
    "Send {first} a congratulations note",
]
