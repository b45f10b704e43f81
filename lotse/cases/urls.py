from django.urls import path

from lotse.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("uebersicht/", views.dashboard, name="dashboard"),
    path("meine-aufgaben/", views.my_tasks, name="my_tasks"),
    path("anfragen/", views.inbox, name="inbox"),
    path("anfragen/<int:pk>/", views.request_detail, name="request"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/ereignis/", views.case_event, name="event"),
    path("<int:pk>/warten/", views.case_waiting, name="waiting"),
    path("<int:pk>/verlauf/", views.case_activity, name="activity"),
    path("<int:pk>/aufgaben/", views.case_task, name="task"),
    path("<int:pk>/bearbeiten/", views.case_edit, name="edit"),
    path("<int:pk>/uebergabe/", views.case_handover, name="handover"),
    path("<int:pk>/abschluss/", views.case_close, name="close"),
    path("<int:pk>/vollmacht/", views.case_power_of_attorney, name="power_of_attorney"),
    path("<int:pk>/fachkraefte/neu/", views.case_add_candidate, name="add_candidate"),
    path("<int:pk>/pruefung/", views.case_recheck, name="recheck"),
    path("vollmachten/<int:pk>/widerruf/", views.power_of_attorney_revoke, name="power_of_attorney_revoke"),
    path("<int:pk>/dossier.pdf", views.dossier_pdf, name="dossier_pdf"),
    path("<int:pk>/dossier.zip", views.dossier_zip, name="dossier_zip"),
    path("aufgaben/<int:pk>/erledigt/", views.task_done, name="task_done"),
    path("dokumente/<int:pk>/", views.document_update, name="document"),
    path("dokumente/<int:pk>/datei/", views.document_download, name="document_download"),
    path("fachkraefte/<int:pk>/", views.candidate_detail, name="candidate"),
    path("fachkraefte/<int:pk>/bearbeiten/", views.candidate_edit, name="candidate_edit"),
    path("fachkraefte/<int:pk>/einwilligung/", views.candidate_consent, name="consent"),
    path("fachkraefte/<int:pk>/auskunft.<str:fmt>", views.candidate_export, name="export"),
    path("fachkraefte/<int:pk>/loeschen/", views.candidate_erase, name="erase"),
    path("einwilligungen/<int:pk>/widerruf/", views.consent_withdraw, name="consent_withdraw"),
    path("unternehmen/", views.company_list, name="companies"),
    path("unternehmen/neu/", views.company_new, name="company_new"),
    path("unternehmen/<int:pk>/", views.company_detail, name="company"),
    path("unternehmen/<int:pk>/bearbeiten/", views.company_edit, name="company_edit"),
]
