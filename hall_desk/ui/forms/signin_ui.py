# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'signin.ui'
##
## Created by: Qt User Interface Compiler (pyside6-uic)
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QFormLayout, QGroupBox, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

class Ui_SignInForm(object):
    def setupUi(self, SignInForm):
        if not SignInForm.objectName():
            SignInForm.setObjectName(u"SignInForm")
        SignInForm.resize(420, 360)
        self.outerLayout = QVBoxLayout(SignInForm)
        self.outerLayout.setObjectName(u"outerLayout")
        self.topSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.topSpacer)

        self.titleLabel = QLabel(SignInForm)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.outerLayout.addWidget(self.titleLabel)

        self.hallLabel = QLabel(SignInForm)
        self.hallLabel.setObjectName(u"hallLabel")
        self.hallLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.outerLayout.addWidget(self.hallLabel)

        self.noticeLabel = QLabel(SignInForm)
        self.noticeLabel.setObjectName(u"noticeLabel")
        self.noticeLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.noticeLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.noticeLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.staffNoLabel = QLabel(SignInForm)
        self.staffNoLabel.setObjectName(u"staffNoLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.staffNoLabel)

        self.staffNoEdit = QLineEdit(SignInForm)
        self.staffNoEdit.setObjectName(u"staffNoEdit")
        self.staffNoEdit.setMaxLength(20)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.staffNoEdit)

        self.passwordLabel = QLabel(SignInForm)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.passwordLabel)

        self.passwordEdit = QLineEdit(SignInForm)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setMaxLength(128)
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.passwordEdit)


        self.outerLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(SignInForm)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.errorLabel)

        self.signInButton = QPushButton(SignInForm)
        self.signInButton.setObjectName(u"signInButton")

        self.outerLayout.addWidget(self.signInButton)

        self.demoBox = QGroupBox(SignInForm)
        self.demoBox.setObjectName(u"demoBox")
        self.demoLayout = QVBoxLayout(self.demoBox)
        self.demoLayout.setObjectName(u"demoLayout")
        self.demoLabel = QLabel(self.demoBox)
        self.demoLabel.setObjectName(u"demoLabel")
        self.demoLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.demoLayout.addWidget(self.demoLabel)


        self.outerLayout.addWidget(self.demoBox)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.staffNoLabel.setBuddy(self.staffNoEdit)
        self.passwordLabel.setBuddy(self.passwordEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.staffNoEdit, self.passwordEdit)
        QWidget.setTabOrder(self.passwordEdit, self.signInButton)

        self.retranslateUi(SignInForm)

        self.signInButton.setDefault(True)


        QMetaObject.connectSlotsByName(SignInForm)
    # setupUi

    def retranslateUi(self, SignInForm):
        SignInForm.setWindowTitle(QCoreApplication.translate("SignInForm", u"\u767b\u5f55", None))
        self.titleLabel.setText(QCoreApplication.translate("SignInForm", u"\u8425\u4e1a\u5385\u6295\u8bc9\u53d7\u7406\u53f0", None))
        self.hallLabel.setText("")
        self.noticeLabel.setText("")
        self.staffNoLabel.setText(QCoreApplication.translate("SignInForm", u"\u5de5\u53f7(&U)", None))
        self.staffNoEdit.setPlaceholderText(QCoreApplication.translate("SignInForm", u"\u4f8b\u5982 3001", None))
        self.passwordLabel.setText(QCoreApplication.translate("SignInForm", u"\u5bc6\u7801(&P)", None))
        self.errorLabel.setText("")
        self.signInButton.setText(QCoreApplication.translate("SignInForm", u"\u767b\u5f55", None))
        self.demoBox.setTitle(QCoreApplication.translate("SignInForm", u"\u6f14\u793a\u8d26\u53f7\uff08\u4ec5\u6f14\u793a\u8425\u4e1a\u5385\uff09", None))
        self.demoLabel.setText("")
    # retranslateUi

