"""`fairinspect import_inspectors`: the same bad-input rules as every import."""

import hashlib
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from fairinspect.accounts.roles import Role
from fairinspect.accounts.permissions import roles_of
from fairinspect.audit.models import AuditEvent
from fairinspect.workforce.models import Inspector, InspectorKind
from fairinspect.workforce.services import import_inspectors
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = (
    "Reference,Username,First name,Last name,Email,Kind,Phases,Own school URN,Home easting,Home northing,"
    "Load cap per term,Last worked as HMI on,Something else"
)


def write(tmp_path, *rows, header=HEADER, encoding="utf-8"):
    path = tmp_path / "inspectors.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding=encoding)
    return path


def test_imports_inspectors_with_accounts_and_a_second_run_changes_nothing(tmp_path):
    school = factories.make_school()
    path = write(
        tmp_path,
        "HMI000001,asha.patel,Asha,Patel,asha.patel@example.org,HMI,Primary; Secondary,,512000,180000,8,,x",
        f"OI000002,tom.ren,Tom,Rén,tom@example.org,Ofsted Inspector,primary,{school.urn},,,3,31/08/2025,y",
    )
    summary = import_inspectors(path, progress=False)
    assert summary.as_dict() == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    asha = Inspector.objects.get(reference="HMI000001")
    assert (asha.kind, asha.phases, asha.load_cap_per_term) == (InspectorKind.HM_INSPECTOR, ["primary", "secondary"], 8)
    assert asha.user.email == "asha.patel@example.org" and not asha.user.has_usable_password()
    assert Role.INSPECTOR in roles_of(asha.user)
    tom = Inspector.objects.get(reference="OI000002")
    assert tom.own_school == school and tom.last_worked_as_hmi_on == date(2025, 8, 31) and tom.user.last_name == "Rén"
    assert asha.last_worked_as_hmi_on is None
    event = AuditEvent.objects.get(action="workforce.inspectors_imported")
    assert (event.object_type, event.object_id) == ("import", hashlib.sha256(path.read_bytes()).hexdigest())
    assert event.after["created"] == 2 and event.after["file"] == "inspectors.csv"

    again = import_inspectors(path, progress=False)
    assert again.as_dict() == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0}


def test_a_missing_column_stops_the_import_before_anything_is_written(tmp_path):
    path = write(tmp_path, "HMI1,a,A,B,a@example.org,HMI,Primary,8", header="Reference,Username,First name,Last name,Email,Kind,Phases,Capacity")
    with pytest.raises(CommandError, match="lacks the required column Load cap per term"):
        call_command("import_inspectors", str(path), "--no-progress")
    assert not Inspector.objects.exists() and not get_user_model().objects.exists()


def test_bad_rows_are_named_by_line_and_nothing_is_written_unless_skipped(tmp_path, capsys):
    path = write(
        tmp_path,
        "HMI1,good,Good,Person,good@example.org,HMI,Primary,,,,5,,",
        "HMI2,bad.kind,Bad,Kind,b@example.org,Wizard,Primary,,,,5,,",
        "HMI3,bad.phase,Bad,Phase,c@example.org,HMI,Sixth,,,,5,,",
        "HMI4,no.school,No,School,d@example.org,OI,Primary,123,,,5,,",
        "HMI5,half.home,Half,Home,e@example.org,HMI,Primary,,400000,,5,,",
        "HMI1,dupe,Dupe,Licate,f@example.org,HMI,Primary,,,,5,,",
        "HMI7,zero.cap,Zero,Cap,g@example.org,HMI,Primary,,,,0,,",
        "OI8,no.date,No,Date,h@example.org,OI,Primary,,,,5,31/02/2025,",
        "OI9,to.come,To,Come,i@example.org,OI,Primary,,,,5,01/01/2999,",
    )
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("import_inspectors", str(path), "--no-progress")
    message = str(error.value)
    assert "line 3: Kind 'Wizard' is not one of the known values" in message
    assert "line 4: Phases 'Sixth' is not one of the known values" in message
    assert "line 5: Own school URN 123 is not a school in the registry" in message
    assert "line 6: give both Home easting and Home northing, or neither" in message
    assert "line 7: Reference HMI1 is also on line 2" in message
    assert "line 8: Load cap per term 0 is less than 1" in message
    assert "line 9: Last worked as HMI on '31/02/2025' is not a real date (expected DD/MM/YYYY)" in message
    assert "line 10: Last worked as HMI on '01/01/2999' is in the future" in message
    assert not Inspector.objects.exists() and AuditEvent.objects.count() == events

    call_command("import_inspectors", str(path), "--no-progress", "--skip-invalid")
    output = capsys.readouterr()
    assert "created 1, updated 0, unchanged 0, rejected 8" in output.out
    assert "rejected line 3: Kind 'Wizard'" in output.err
    assert list(Inspector.objects.values_list("reference", flat=True)) == ["HMI1"]


def test_a_username_already_another_inspectors_is_refused(tmp_path):
    existing = factories.make_inspector()
    path = write(tmp_path, f"NEW1,{existing.user.username},A,B,a@example.org,HMI,Primary,,,,5,,")
    with pytest.raises(CommandError, match=f"line 2: Username '{existing.user.username}' belongs to inspector {existing.reference}"):
        call_command("import_inspectors", str(path), "--no-progress")


def test_an_account_with_any_role_but_an_inspectors_is_never_taken_over(tmp_path):
    admin = factories.make_user(Role.ADMINISTRATOR, username="ada.admin", email="ada@inspectorate.example")
    head = factories.make_user(Role.SCHOOL_USER, username="hana.head", email="hana@school.example")
    inspecting_scheduler = factories.make_user(Role.SCHEDULER, Role.INSPECTOR, username="sam.scheduler")
    root = factories.make_user(username="root", is_superuser=True, email="root@inspectorate.example")
    path = write(
        tmp_path,
        "HMI1,ada.admin,Ada,Brennan,attacker@example.org,HMI,Primary,,,,5,,",
        "HMI2,hana.head,Hana,Iqbal,attacker@example.org,HMI,Primary,,,,5,,",
        "HMI3,sam.scheduler,Sam,Okoro,sam@example.org,HMI,Primary,,,,5,,",
        "HMI4,root,Root,User,root@example.org,HMI,Primary,,,,5,,",
    )
    with pytest.raises(CommandError) as error:
        call_command("import_inspectors", str(path), "--no-progress")
    message = str(error.value)
    assert "line 2: Username 'ada.admin' is an existing account with other roles (Administrator)" in message
    assert "line 3: Username 'hana.head' is an existing account with other roles (School user)" in message
    assert "line 4: Username 'sam.scheduler' is an existing account with other roles (Scheduler)" in message
    assert "line 5: Username 'root' is an existing account with other roles (superuser)" in message
    call_command("import_inspectors", str(path), "--no-progress", "--skip-invalid")
    assert not Inspector.objects.exists()
    for user, email in ((admin, "ada@inspectorate.example"), (head, "hana@school.example"), (root, "root@inspectorate.example")):
        user.refresh_from_db()
        assert user.email == email and Role.INSPECTOR not in roles_of(user)
    inspecting_scheduler.refresh_from_db()
    assert (inspecting_scheduler.first_name, inspecting_scheduler.email) != ("Sam", "sam@example.org")


def test_an_inspectors_account_made_beforehand_becomes_theirs(tmp_path):
    """How the demo gives its signed-in lead inspector a record: the account (inspector role only) first."""
    account = factories.make_user(Role.INSPECTOR, username="liam.lead", email="liam@inspectorate.example")
    path = write(tmp_path, "HMI100001,liam.lead,Liam,Hughes,liam@inspectorate.example,HMI,Primary,,,,12,,")
    import_inspectors(path, progress=False)
    assert Inspector.objects.get(reference="HMI100001").user == account
    assert import_inspectors(path, progress=False).as_dict()["unchanged"] == 1


def test_email_addresses_are_checked(tmp_path):
    path = write(
        tmp_path,
        "HMI1,asha,Asha,Patel,asha.patel@example.org,HMI,Primary,,,,5,,",
        "HMI2,tom,Tom,Ren,tom at example.org,HMI,Primary,,,,5,,",
        "HMI3,zoe,Zoë,Brontë,zoe@,HMI,Primary,,,,5,,",
    )
    with pytest.raises(CommandError) as error:
        call_command("import_inspectors", str(path), "--no-progress")
    assert "line 3: Email 'tom at example.org' is not an email address" in str(error.value)
    assert "line 4: Email 'zoe@' is not an email address" in str(error.value)
    assert not Inspector.objects.exists() and not get_user_model().objects.exists()


def test_windows_1252_files_are_read(tmp_path):
    path = write(tmp_path, "HMI9,zoe,Zoë,Brontë,zoe@example.org,HMI,Nursery,,,,4,,", encoding="cp1252")
    import_inspectors(path, progress=False)
    assert Inspector.objects.get().user.first_name == "Zoë"


def test_a_line_break_or_control_character_in_a_name_or_email_is_a_bad_row_naming_its_line(tmp_path):
    path = write(
        tmp_path,
        "HMI1,asha,Asha,Patel,asha.patel@example.org,HMI,Primary,,,,5,,",
        'HMI2,tom,Tom,"Ren\nBcc: everyone@example.org",tom@example.org,HMI,Primary,,,,5,,',
        "HMI3,zoe,Zoë,Brontë,zoe@example.org\x07,HMI,Primary,,,,5,,",
        "HMI4,sam,Sam,Okoro,sam@example.org,HMI,Primary,,,,5,,",
    )

    with pytest.raises(CommandError) as error:
        call_command("import_inspectors", str(path), "--no-progress")

    assert "line 3: Last name holds a line break where one line of text is expected" in str(error.value)
    assert "line 5: Email holds the control character U+0007, which text cannot hold" in str(error.value)
    assert not Inspector.objects.exists() and not get_user_model().objects.exists()
    summary = import_inspectors(path, skip_invalid=True, progress=False)
    assert [error.line for error in summary.rejected] == [3, 5]
    assert sorted(Inspector.objects.values_list("reference", flat=True)) == ["HMI1", "HMI4"]


def test_a_header_with_no_rows_is_refused_and_nothing_is_written(tmp_path):
    path = write(tmp_path)
    events = AuditEvent.objects.count()

    with pytest.raises(CommandError, match=r"inspectors\.csv: has a header row but no rows of data: nothing was imported"):
        call_command("import_inspectors", str(path), "--no-progress")

    assert not Inspector.objects.exists() and not get_user_model().objects.exists()
    assert AuditEvent.objects.count() == events
