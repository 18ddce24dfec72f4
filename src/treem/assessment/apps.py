from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "treem.assessment"
    label = "assessment"
    verbose_name = "Đánh giá xã, phường phù hợp với trẻ em"

    def ready(self) -> None:
        from treem.assessment import indicator

        indicator.register()
