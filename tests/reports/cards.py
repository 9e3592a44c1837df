"""Report card content as a published version freezes it (reports.selectors.card_content), for tests of what
renders it: the page, the PDF."""

A_CARD = {
    "inspection_id": 1,
    "inspection_number": "FI00000001",
    "kind": "full",
    "kind_label": "Full inspection",
    "is_letter": False,
    "framework": "Report card inspections (from November 2025)",
    "starts_on": "2026-03-03",
    "ends_on": "2026-03-04",
    "dates": "3 to 4 March 2026",
    "school": {
        "urn": 900001, "name": "Brookside Primary School", "kind": "Primary", "type": "Community school",
        "ages": "4 to 11", "pupils": 210, "local_authority": "Testshire", "town": "Testbury",
    },
    "areas": [
        {
            "code": "curriculum-and-teaching", "title": "Curriculum and teaching", "grade_code": "strong-standard",
            "grade": "Strong standard", "meaning": "Above the expected standard in most respects.",
            "rationale": "Pupils read widely and well.\n\nTeachers check what pupils remember.",
        },
        {
            "code": "leadership-and-governance", "title": "Leadership and governance", "grade_code": "needs-attention",
            "grade": "Needs attention", "meaning": "Not yet at the expected standard in some respects; this is not a fail.",
            "rationale": "Governors do not yet check the new curriculum.",
        },
    ],
    "safeguarding": {"code": "met", "label": "Met", "met": True, "meaning": "Safeguarding is effective."},
    "category": None,
    "pupil_experience": "Pupils are proud of their school and of the garden they keep.",
    "next_steps": "Governors should check how well the new curriculum is taught.",
    "letter": "",
}  # fmt: skip
